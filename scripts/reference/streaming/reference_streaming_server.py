"""A streaming server on the reference package's servicer bases (resonite-io 0.7.0, grpclib,
betterproto2): Camera, Speaker, Microphone and Locomotion, streaming known bytes and recording
what it receives as JSON lines. Run: python reference_streaming_server.py SOCKET RECORD_FILE

The known bytes (imported by check_streaming.py):
- Camera.StreamFrames: frame k (ids 0, 1, 2, ...) is camera_frame(k): 5x3 pixels for k < 3,
  then 2x4 (a size change), byte j = (j * 7 + k * 13) & 255; it never ends on its own.
- Speaker.StreamAudio: SPEAKER_CHUNKS chunks of 1024 stereo frames, chunk k = speaker_chunk(k)
  (float32 LE), frame ids 100, 101, then a gap of SPEAKER_GAP, then on; then the stream ends OK.
- Microphone.StreamAudio: records every frame; answers the summary on half-close.
- Connection.Ping: the echo (what waitForReady sends first).
- Locomotion.Drive: records every command with its present fields; Reset records the request
  flags and answers them expanded (all false = all true).
"""

from __future__ import annotations

import asyncio
import json
import os
import struct
import sys
import time

from grpclib.server import Server

from resoio._generated.resonite_io.v1 import (
    AudioFrame,
    CameraBase,
    CameraFrame,
    CameraFrameFormat,
    ConnectionBase,
    LocomotionBase,
    LocomotionDriveSummary,
    LocomotionResetSummary,
    MicrophoneBase,
    MicrophoneStreamSummary,
    PingResponse,
    SpeakerBase,
)

SPEAKER_CHUNKS = 6
SPEAKER_GAP = 3


def camera_frame(k: int) -> tuple[int, int, bytes]:
    width, height = (5, 3) if k < 3 else (2, 4)
    return width, height, bytes((j * 7 + k * 13) & 255 for j in range(width * height * 4))


def speaker_chunk(k: int) -> bytes:
    return struct.pack("<2048f", *[((i * 31 + k * 17) % 1000) / 1000.0 - 0.5 for i in range(2048)])


def speaker_frame_id(k: int) -> int:
    return 100 + k + (SPEAKER_GAP if k >= 2 else 0)


class Camera(CameraBase):
    async def stream_frames(self, message):
        k = 0
        while True:
            width, height, pixels = camera_frame(k)
            yield CameraFrame(width=width, height=height, format=CameraFrameFormat.RGBA8,
                              unix_nanos=time.time_ns(), frame_id=k, pixels=pixels)
            k += 1
            await asyncio.sleep(0.01)


class Speaker(SpeakerBase):
    async def stream_audio(self, message):
        for k in range(SPEAKER_CHUNKS):
            yield AudioFrame(frame_id=speaker_frame_id(k), unix_nanos=time.time_ns(), sample_count=1024,
                             samples=speaker_chunk(k))


class Connection(ConnectionBase):
    async def ping(self, message):
        return PingResponse(message=message.message, server_unix_nanos=time.time_ns())


class Recorder:
    def __init__(self, path: str) -> None:
        self.path = path

    def write(self, line: dict) -> None:
        with open(self.path, "a") as f:
            f.write(json.dumps(line) + "\n")


class Microphone(MicrophoneBase):
    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    async def stream_audio(self, messages):
        frames = []
        samples = b""
        async for frame in messages:
            frames.append({"frame_id": frame.frame_id, "unix_nanos": frame.unix_nanos, "sample_count": frame.sample_count})
            samples += frame.samples
        self.recorder.write({"kind": "microphone", "frames": frames, "samples": samples.hex()})
        return MicrophoneStreamSummary(received_frames=len(frames), received_samples=len(samples) // 4,
                                       dropped_frames=0, unix_nanos=time.time_ns())


CONTROLS = ("move_forward", "move_right", "move_up", "yaw_rate", "pitch_rate", "jump", "velocity", "crouch")


class Locomotion(LocomotionBase):
    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    async def drive(self, messages):
        commands = []
        async for command in messages:
            entry = {name: getattr(command, name) for name in CONTROLS if getattr(command, name) is not None}
            entry["unix_nanos"] = command.unix_nanos
            commands.append(entry)
        self.recorder.write({"kind": "drive", "commands": commands})
        return LocomotionDriveSummary(received_count=len(commands), dropped_count=0, unix_nanos=time.time_ns())

    async def reset(self, message):
        flags = [message.move, message.look, message.crouch, message.jump]
        self.recorder.write({"kind": "reset", "request": flags})
        expanded = [True] * 4 if not any(flags) else flags
        return LocomotionResetSummary(move=expanded[0], look=expanded[1], crouch=expanded[2], jump=expanded[3],
                                      unix_nanos=time.time_ns())


async def main(socket: str, record: str) -> None:
    recorder = Recorder(record)
    server = Server([Connection(), Camera(), Speaker(), Microphone(recorder), Locomotion(recorder)])
    await server.start(path=socket)
    await server.wait_closed()


if __name__ == "__main__":
    if os.path.exists(sys.argv[1]):
        os.unlink(sys.argv[1])
    asyncio.run(main(sys.argv[1], sys.argv[2]))
