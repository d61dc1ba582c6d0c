"""Streaming checks against the reference client, resonite-io 0.7.0 (issue 12, "Proof").

a. The reference client (CameraClient, SpeakerClient, MicrophoneClient, LocomotionClient,
   DisplayClient) against our `resoio-test-server`: frames and samples byte-exact against
   the documented functions (Sources/ResoniteTestServer/CameraFrames.swift, SpeakerModel.swift),
   what the stand-in mod received read back from its `--senses-log`.
b. Our client (the Examples: CameraShot, SpeakerRecord, MicrophoneTone, DriveSquare) against a
   grpclib server built on the reference package's servicer bases (reference_streaming_server.py)
   streaming known bytes and recording what it receives.

Usage: python check_streaming.py BIN_DIR   (BIN_DIR holds the built resoio-test-server and examples)
Prints one PASS/FAIL line per check, then `N passed, N failed`; exits 1 if anything failed.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import wave

import numpy as np

# The reference logs a version-mismatch warning; not what is checked here.
import logging

logging.disable(logging.WARNING)

from resoio.camera import CameraClient  # noqa: E402
from resoio.display import DisplayClient  # noqa: E402
from resoio.locomotion import LocomotionClient  # noqa: E402
from resoio.microphone import MicrophoneClient, paced  # noqa: E402
from resoio.speaker import SpeakerClient  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PASSED = 0
FAILED = 0


def check(name: str, ok: bool, detail: str = "") -> None:
    global PASSED, FAILED
    if ok:
        PASSED += 1
        print(f"PASS {name}")
    else:
        FAILED += 1
        print(f"FAIL {name}{': ' + detail if detail else ''}")


# MARK: the documented functions


def scene(width: int, height: int, frame_id: int, sx: int = 0, sy: int = 0) -> np.ndarray:
    """CameraFrames.pixel(x:y:frameID:shifts:): R (x+sx)&255, G (y-sy)&255, B id&255, A 255."""
    x = (np.arange(width) + sx) & 255
    y = (np.arange(height) - sy) & 255
    out = np.empty((height, width, 4), dtype=np.uint8)
    out[:, :, 0] = x[None, :]
    out[:, :, 1] = y[:, None]
    out[:, :, 2] = frame_id & 255
    out[:, :, 3] = 255
    return out


def speaker_signal(frame_id: int) -> np.ndarray:
    """SpeakerSignal.samples(frameID:) as (1024, 2) float32."""
    n = np.arange(frame_id * 1024, (frame_id + 1) * 1024, dtype=np.int64)
    left = (n & 511).astype(np.float32) / np.float32(256) - np.float32(1)
    right = (np.abs((n & 127) - 64).astype(np.float32) / np.float32(32) - np.float32(1)) / np.float32(2)
    return np.stack([left, right], axis=1).astype(np.float32)


# MARK: a. the reference client against our test server


def start_test_server(bin_dir: str, socket: str, *args: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [os.path.join(bin_dir, "resoio-test-server"), "--socket", socket, *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 10
    while not os.path.exists(socket):
        if time.time() > deadline or proc.poll() is not None:
            raise RuntimeError(f"resoio-test-server did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
        time.sleep(0.02)
    return proc


def read_log(path: str, kind: str) -> list[dict]:
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line for line in (json.loads(l) for l in f if l.strip()) if line["kind"] == kind]


async def wait_log(path: str, kind: str, count: int) -> list[dict]:
    for _ in range(500):
        lines = read_log(path, kind)
        if len(lines) >= count:
            return lines
        await asyncio.sleep(0.01)
    return read_log(path, kind)


async def part_a(bin_dir: str, tmp: str) -> None:
    socket = os.path.join(tmp, "a.sock")
    log = os.path.join(tmp, "senses.jsonl")
    server = start_test_server(bin_dir, socket, "--camera-size", "64x48", "--senses-log", log)
    try:
        # Camera: stream() frames and ids, every byte; shot().
        async with CameraClient(socket_path=socket) as camera:
            frames = []
            async for frame in camera.stream():
                frames.append(frame)
                if len(frames) == 5:
                    break
            check("a camera.stream: frame ids 0..4", [f.frame_id for f in frames] == [0, 1, 2, 3, 4],
                  str([f.frame_id for f in frames]))
            check("a camera.stream: (48, 64, 4) RGBA8 views", all(f.pixels.shape == (48, 64, 4) for f in frames))
            check("a camera.stream: pixels byte-exact vs the documented scene",
                  all(np.array_equal(f.pixels, scene(64, 48, f.frame_id)) for f in frames))
            shot = await camera.shot()
            check("a camera.shot: first frame (id 0), byte-exact", shot.frame_id == 0 and np.array_equal(shot.pixels, scene(64, 48, 0)))

        # Camera: a size change mid-stream (Display.apply during the stream).
        async with CameraClient(socket_path=socket) as camera, DisplayClient(socket_path=socket) as display:
            sizes = []
            exact = True
            async for frame in camera.stream():
                sizes.append(frame.pixels.shape[:2])
                exact &= np.array_equal(frame.pixels, scene(frame.width, frame.height, frame.frame_id))
                if len(sizes) == 2:
                    await display.apply(width=24, height=10)
                # Unpaced 12 KB frames: grpclib's 4 MiB window holds a few hundred captured before the apply.
                if frame.pixels.shape[:2] == (10, 24) or len(sizes) > 5000:
                    break
            first_new = sizes.index((10, 24)) if (10, 24) in sizes else len(sizes)
            check("a camera: Display.apply mid-stream changes the frame size",
                  sizes[0] == (48, 64) and sizes[-1] == (10, 24) and all(s == (48, 64) for s in sizes[:first_new]),
                  f"{len(sizes)} frames, last {sizes[-1]}")
            check("a camera: frames before and after the resize byte-exact", exact)
            await display.apply(width=64, height=48)

        # Speaker: 10 chunks, consecutive ids, every sample exact.
        async with SpeakerClient(socket_path=socket) as speaker:
            chunks = []
            async for chunk in speaker.stream():
                chunks.append(chunk)
                if len(chunks) == 10:
                    break
            ids = [c.frame_id for c in chunks]
            check("a speaker.stream: consecutive frame ids", ids == list(range(ids[0], ids[0] + 10)), str(ids))
            check("a speaker.stream: (1024, 2) float32 chunks", all(c.samples.shape == (1024, 2) and c.samples.dtype == np.float32 for c in chunks))
            check("a speaker.stream: samples byte-exact vs the documented signal",
                  all(c.samples.tobytes() == speaker_signal(c.frame_id).tobytes() for c in chunks))

        # Microphone: known chunks, paced; the summary; what the stand-in heard, byte for byte.
        rng = np.random.default_rng(12)
        sent = [rng.uniform(-1, 1, 1024).astype(np.float32) for _ in range(20)]

        async def source():
            for chunk in sent:
                yield chunk

        async with MicrophoneClient(socket_path=socket) as mic:
            start = time.monotonic()
            summary = await mic.stream(paced(source()))
            elapsed = time.monotonic() - start
        check("a microphone.stream: summary counts", (summary.received_frames, summary.received_samples, summary.dropped_frames) == (20, 20480, 0), str(summary))
        # paced() sleeps each chunk's length after yielding it, so it cannot finish early; how
        # much later it ends is the scheduler's (each of the 20 sleeps and sends can be late):
        # the upper bound holds when the machine has CPU to spare (the 1-minute load average
        # below the core count, as the Swift tests' SchedulingProbe.machineHasSpareCPU).
        spare = os.getloadavg()[0] < (os.cpu_count() or 1)
        check("a microphone: paced() took about the audio's length", 0.35 < elapsed and (elapsed < 1.5 or not spare),
              f"{elapsed:.3f} s for 0.427 s")
        lines = await wait_log(log, "microphone", 1)
        heard = lines[-1] if lines else {}
        check("a microphone: the stand-in heard every sample byte-exact", heard.get("samples") == b"".join(c.tobytes() for c in sent).hex())
        check("a microphone: frame ids 0..19, sample_count 1024, half-closed",
              [f[0] for f in heard.get("frames", [])] == list(range(20)) and all(f[2] == 1024 for f in heard.get("frames", [])) and heard.get("end") == "finished")
        stamps = [f[1] for f in heard.get("frames", [])]
        check("a microphone: send stamps increasing, near now", stamps == sorted(stamps) and abs(stamps[-1] - time.time_ns()) < 10e9 if stamps else False)

        # Locomotion: presence on the wire, graceful end, the summary; reset expansion.
        async with LocomotionClient(socket_path=socket) as loco:
            await loco.send(yaw_rate=30.0)
            await loco.send(move_forward=1.0, jump=True)
            await loco.send(crouch=0.5)
            reset_all = await loco.reset()
            reset_look = await loco.reset(look=True)
        check("a locomotion: drive_summary after exit", loco.drive_summary is not None and loco.drive_summary.received_count == 3, str(loco.drive_summary))
        drives = await wait_log(log, "drive", 1)
        commands = drives[-1]["commands"] if drives else []
        present = [sorted(k for k in c if k != "unix_nanos") for c in commands]
        check("a locomotion: only the given controls present on the wire", present == [["yaw_rate"], ["jump", "move_forward"], ["crouch"]], str(present))
        check("a locomotion: values as sent", commands and commands[0]["yaw_rate"] == 30.0 and commands[1]["jump"] is True and commands[2]["crouch"] == 0.5)
        check("a locomotion: the exit half-closes (state kept)", bool(drives) and drives[-1]["end"] == "halfClosed")
        check("a locomotion.reset(): all false echoed as all true", (reset_all.move, reset_all.look, reset_all.crouch, reset_all.jump) == (True, True, True, True))
        check("a locomotion.reset(look=True): echoed as is", (reset_look.move, reset_look.look, reset_look.crouch, reset_look.jump) == (False, True, False, False))
        resets = await wait_log(log, "reset", 2)
        check("a locomotion: the stand-in recorded both resets", [r["expanded"] for r in resets[-2:]] == [[True] * 4, [False, True, False, False]])
    finally:
        server.terminate()
        server.wait(timeout=60)  # generous: a loaded machine can take seconds to deliver SIGTERM and exit


# MARK: b. our client against the reference's servicer bases


def run_example(bin_dir: str, name: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([os.path.join(bin_dir, name), *args], capture_output=True, text=True, timeout=60)


def part_b(bin_dir: str, tmp: str) -> None:
    socket = os.path.join(tmp, "b.sock")
    record = os.path.join(tmp, "received.jsonl")
    server = subprocess.Popen([sys.executable, os.path.join(HERE, "reference_streaming_server.py"), socket, record],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sys.path.insert(0, HERE)
    import reference_streaming_server as ref  # the known bytes

    try:
        deadline = time.time() + 15
        while not os.path.exists(socket):
            if time.time() > deadline or server.poll() is not None:
                raise RuntimeError("the reference server did not start: " + (server.stderr.read().decode() if server.stderr else ""))
            time.sleep(0.05)

        # Camera: frame k of the known stream, saved as PAM, byte for byte (RGBA).
        for skip in (0, 2, 3):
            out = os.path.join(tmp, f"frame{skip}.pam")
            result = run_example(bin_dir, "CameraShot", "--socket", socket, "--format", "pam", "--skip", str(skip), "--out", out)
            width, height, pixels = ref.camera_frame(skip)
            header = f"P7\nWIDTH {width}\nHEIGHT {height}\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n".encode()
            data = open(out, "rb").read() if os.path.exists(out) else b""
            check(f"b CameraShot --skip {skip}: frame {skip} ({width}x{height}) byte-exact", result.returncode == 0 and data == header + pixels,
                  result.stderr.strip()[-300:])
        ppm = os.path.join(tmp, "frame.ppm")
        result = run_example(bin_dir, "CameraShot", "--socket", socket, "--out", ppm)
        width, height, pixels = ref.camera_frame(0)
        rgb = b"".join(pixels[i:i + 3] for i in range(0, len(pixels), 4))
        check("b CameraShot: PPM holds the first frame's RGB", result.returncode == 0 and open(ppm, "rb").read() == f"P6\n{width} {height}\n255\n".encode() + rgb)

        # Speaker: the known chunks, then OK; the WAV holds exactly their samples.
        out = os.path.join(tmp, "speaker.wav")
        result = run_example(bin_dir, "SpeakerRecord", "--socket", socket, "--seconds", "5", "--out", out)
        expected = b"".join(ref.speaker_chunk(k) for k in range(ref.SPEAKER_CHUNKS))
        data = open(out, "rb").read() if os.path.exists(out) else b""
        check("b SpeakerRecord: stream ended OK after the known chunks", result.returncode == 0, result.stderr.strip()[-300:])
        check("b SpeakerRecord: WAV samples byte-exact", data[44:] == expected, f"{len(data) - 44} vs {len(expected)} bytes")
        check("b SpeakerRecord: the frame-id gap counted as drops", f"({ref.SPEAKER_GAP} dropped by the mod)" in result.stdout, result.stdout)

        # Microphone: a known WAV, paced; the server saw every byte, ids 0.., stamps, half-close.
        samples = np.random.default_rng(7).uniform(-1, 1, 9000).astype(np.float32)
        wav_path = os.path.join(tmp, "known.wav")
        with open(wav_path, "wb") as f:
            body = samples.tobytes()
            f.write(b"RIFF" + (36 + len(body)).to_bytes(4, "little") + b"WAVEfmt " + (16).to_bytes(4, "little"))
            f.write((3).to_bytes(2, "little") + (1).to_bytes(2, "little") + (48000).to_bytes(4, "little"))
            f.write((48000 * 4).to_bytes(4, "little") + (4).to_bytes(2, "little") + (32).to_bytes(2, "little"))
            f.write(b"data" + len(body).to_bytes(4, "little") + body)
        result = run_example(bin_dir, "MicrophoneTone", "--socket", socket, "--wav", wav_path)
        check("b MicrophoneTone --wav: summary from the reference server", result.returncode == 0 and "Summary: 9 chunks, 9000 samples received" in result.stdout,
              (result.stdout + result.stderr).strip()[-300:])
        mics = [json.loads(l) for l in open(record)] if os.path.exists(record) else []
        mic = next((m for m in mics if m["kind"] == "microphone"), {})
        check("b microphone: every sample byte-exact", mic.get("samples") == samples.tobytes().hex())
        check("b microphone: frame ids 0..8, sample_count per chunk, stamps increasing",
              [f["frame_id"] for f in mic.get("frames", [])] == list(range(9))
              and [f["sample_count"] for f in mic.get("frames", [])] == [1024] * 8 + [808]
              and [f["unix_nanos"] for f in mic.get("frames", [])] == sorted(f["unix_nanos"] for f in mic.get("frames", [])))

        # Locomotion: the square's commands, presence by field, then a Reset.
        result = run_example(bin_dir, "DriveSquare", "--socket", socket, "--side", "0.05", "--turn-rate", "1800")
        check("b DriveSquare: summary from the reference server", result.returncode == 0 and "Summary: 13 commands received" in result.stdout,
              (result.stdout + result.stderr).strip()[-300:])
        lines = [json.loads(l) for l in open(record)]
        drive = next((m for m in lines if m["kind"] == "drive"), {})
        present = [{k: v for k, v in c.items() if k != "unix_nanos"} for c in drive.get("commands", [])]
        side = [{"move_forward": 1.0}, {"move_forward": 0.0, "yaw_rate": 1800.0}, {"yaw_rate": 0.0}]
        check("b locomotion: presence and values exactly as sent", present == [{"velocity": 1.0}] + side * 4, str(present))
        check("b locomotion: stamps set", all(c.get("unix_nanos", 0) > 1_600_000_000_000_000_000 for c in drive.get("commands", [])))
        reset = next((m for m in lines if m["kind"] == "reset"), {})
        check("b locomotion: Reset() sent all four flags false (the server expands)", reset.get("request") == [False] * 4, str(reset))
    finally:
        server.terminate()
        server.wait(timeout=60)  # generous: a loaded machine can take seconds to deliver SIGTERM and exit


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    bin_dir = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="resoio-ref-stream-") as tmp:
        for part in (lambda: asyncio.run(part_a(bin_dir, tmp)), lambda: part_b(bin_dir, tmp)):
            try:
                part()
            except Exception as error:  # a part that cannot run is a failure, not a crash
                check("part ran to the end", False, f"{type(error).__name__}: {error}")
    print(f"{PASSED} passed, {FAILED} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
