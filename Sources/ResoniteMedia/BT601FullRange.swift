/// RGB to YUV with the BT.601 matrix at full range (0-255 for Y, U and V), exactly as the
/// reference CLI computes it with numpy in float64:
///
///     Y = 0.299 R + 0.587 G + 0.114 B
///     U = -0.168736 R - 0.331264 G + 0.5 B + 128
///     V = 0.5 R - 0.418688 G - 0.081312 B + 128
///
/// each summed left to right, clipped to 0...255 and truncated to an integer (numpy's
/// `clip(...).astype(uint8)`). The products come from 256-entry tables of the same float64
/// products, so every sum, and so every byte, is the reference's.
public enum BT601FullRange {
  /// The Y, U and V bytes of one pixel.
  public static func yuv(r: UInt8, g: UInt8, b: UInt8) -> (y: UInt8, u: UInt8, v: UInt8) {
    let (r, g, b) = (Int(r), Int(g), Int(b))
    return (
      byte(tables.yr[r] + tables.yg[g] + tables.yb[b]),
      byte(tables.ur[r] - tables.ug[g] + tables.ub[b] + 128.0),
      byte(tables.vr[r] - tables.vg[g] - tables.vb[b] + 128.0)
    )
  }

  /// Converts `count` RGBA pixels into three planes of `count` bytes each.
  public static func convert(
    rgba: UnsafeRawBufferPointer, count: Int, y: UnsafeMutablePointer<UInt8>, u: UnsafeMutablePointer<UInt8>,
    v: UnsafeMutablePointer<UInt8>
  ) {
    let t = tables
    t.yr.withUnsafeBufferPointer { yr in
      t.yg.withUnsafeBufferPointer { yg in
        t.yb.withUnsafeBufferPointer { yb in
          t.ur.withUnsafeBufferPointer { ur in
            t.ug.withUnsafeBufferPointer { ug in
              t.ub.withUnsafeBufferPointer { ub in
                t.vr.withUnsafeBufferPointer { vr in
                  t.vg.withUnsafeBufferPointer { vg in
                    t.vb.withUnsafeBufferPointer { vb in
                      let source = rgba.bindMemory(to: UInt8.self)
                      for i in 0..<count {
                        let r = Int(source[4 * i])
                        let g = Int(source[4 * i + 1])
                        let b = Int(source[4 * i + 2])
                        y[i] = byte(yr[r] + yg[g] + yb[b])
                        u[i] = byte(ur[r] - ug[g] + ub[b] + 128.0)
                        v[i] = byte(vr[r] - vg[g] - vb[b] + 128.0)
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// numpy's `clip(x, 0, 255).astype(uint8)`: truncation toward zero after the clip.
  @inline(__always)
  static func byte(_ x: Double) -> UInt8 {
    UInt8(min(max(x, 0), 255))
  }

  /// `coefficient * value` for every byte value, in float64, as numpy multiplies: `-0.168736 * r`
  /// is the product of the negative literal; the other minus signs are subtractions, so their
  /// tables hold the products of the positive coefficients.
  private struct Tables: Sendable {
    let yr, yg, yb, ur, ug, ub, vr, vg, vb: [Double]

    init() {
      func products(_ coefficient: Double) -> [Double] { (0..<256).map { coefficient * Double($0) } }
      yr = products(0.299); yg = products(0.587); yb = products(0.114)
      ur = products(-0.168736); ug = products(0.331264); ub = products(0.5)
      vr = products(0.5); vg = products(0.418688); vb = products(0.081312)
    }
  }

  private static let tables = Tables()
}
