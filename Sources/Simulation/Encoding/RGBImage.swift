/// A packed 8-bit RGB raster with the few drawing operations the camera scenes need.
public struct RGBImage: Hashable, Sendable {
    public struct Color: Hashable, Sendable {
        public var red: UInt8, green: UInt8, blue: UInt8
        public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
            self.red = red
            self.green = green
            self.blue = blue
        }
    }

    public let width: Int
    public let height: Int
    /// Row-major, three bytes per pixel.
    public private(set) var pixels: [UInt8]

    public init(width: Int, height: Int, fill: Color) {
        self.width = max(1, width)
        self.height = max(1, height)
        pixels = []
        pixels.reserveCapacity(self.width * self.height * 3)
        for _ in 0..<(self.width * self.height) {
            pixels.append(fill.red)
            pixels.append(fill.green)
            pixels.append(fill.blue)
        }
    }

    /// Fills the rectangle, clipped to the image.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, color: Color) {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(width, x + w), y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        for row in y0..<y1 {
            for column in x0..<x1 {
                let offset = (row * width + column) * 3
                pixels[offset] = color.red
                pixels[offset + 1] = color.green
                pixels[offset + 2] = color.blue
            }
        }
    }

    public func color(x: Int, y: Int) -> Color? {
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        let offset = (y * width + x) * 3
        return Color(pixels[offset], pixels[offset + 1], pixels[offset + 2])
    }
}
