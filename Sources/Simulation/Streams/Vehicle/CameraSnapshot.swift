/// Draws a traffic camera's view as a small picture whose content follows the event: the sky
/// by hour and weather, the roadside by road kind, one car per step of congestion, rain
/// streaks and fog. Enough for a dashboard thumbnail and for a human to see the data is live.
enum CameraSnapshot {
    static let width = 64
    static let height = 48
    static let horizon = 18
    typealias Color = RGBImage.Color

    static func render(
        kind: RoadKind, hour: Double, condition: WeatherCondition, congestion: Double, random: inout SimulationRandom
    ) -> RGBImage {
        let night = hour < 6 || hour >= 18.5
        let dusk = !night && (hour < 7 || hour >= 17.5)
        var sky: Color =
            night ? Color(18, 22, 48) : dusk ? Color(236, 150, 92) : Color(112, 172, 236)
        if condition != .clear && condition != .partlyCloudy { sky = night ? Color(40, 42, 48) : Color(150, 154, 160) }
        var image = RGBImage(width: width, height: height, fill: sky)
        drawRoadside(&image, kind: kind, night: night, random: &random)
        drawRoad(&image, night: night)
        drawCars(&image, count: 1 + Int(congestion * 9), night: night, random: &random)
        if condition.isWet { drawRain(&image, heavy: condition == .thunderstorm, random: &random) }
        if condition == .fog { fade(&image, toward: Color(205, 208, 210), amount: 0.55) }
        return image
    }

    private static func drawRoadside(_ image: inout RGBImage, kind: RoadKind, night: Bool, random: inout SimulationRandom) {
        let shade: (Color) -> Color = { night ? Color($0.red / 3, $0.green / 3, $0.blue / 3) : $0 }
        switch kind {
        case .city:
            var x = 0
            while x < width {
                let w = 5 + random.int(below: 7), h = 6 + random.int(below: 14)
                let grey = UInt8(90 + random.int(below: 80))
                image.fill(x: x, y: horizon + 6 - h, width: w, height: h, color: shade(Color(grey, grey, grey &+ 10)))
                if night {
                    image.fill(x: x + 1, y: horizon + 7 - h, width: 1, height: 1, color: Color(250, 220, 120))
                }
                x += w + 1
            }
            image.fill(x: 0, y: horizon + 6, width: width, height: 4, color: shade(Color(120, 120, 115)))
        case .expressway:
            image.fill(x: 0, y: horizon, width: width, height: 10, color: shade(Color(84, 150, 70)))
        case .mountain:
            for step in 0..<10 {
                let w = 64 - step * 6
                image.fill(x: 10 + step * 3, y: horizon - step, width: w, height: 1, color: shade(Color(42, 100, 52)))
            }
            image.fill(x: 0, y: horizon, width: width, height: 10, color: shade(Color(52, 112, 58)))
        }
    }

    private static func drawRoad(_ image: inout RGBImage, night: Bool) {
        let asphalt = night ? Color(28, 28, 32) : Color(66, 66, 72)
        image.fill(x: 0, y: 28, width: width, height: height - 28, color: asphalt)
        image.fill(x: 0, y: 28, width: width, height: 1, color: Color(200, 200, 190))
        image.fill(x: 0, y: height - 1, width: width, height: 1, color: Color(200, 200, 190))
        for x in stride(from: 2, to: width, by: 8) {
            image.fill(x: x, y: 37, width: 4, height: 1, color: Color(235, 200, 60))
        }
    }

    private static let carColors = [
        Color(200, 30, 40), Color(240, 240, 240), Color(30, 60, 160), Color(20, 20, 20),
        Color(180, 180, 190), Color(230, 180, 20), Color(40, 120, 60),
    ]

    private static func drawCars(_ image: inout RGBImage, count: Int, night: Bool, random: inout SimulationRandom) {
        for _ in 0..<count {
            let lane = random.int(below: 2)
            let x = random.int(below: width - 8)
            let y = lane == 0 ? 31 : 40
            let color = carColors[random.int(below: carColors.count)]
            image.fill(x: x, y: y, width: 8, height: 4, color: color)
            image.fill(x: x + 2, y: y - 2, width: 4, height: 2, color: Color(140, 180, 210))
            if night {
                image.fill(x: lane == 0 ? x + 7 : x, y: y + 2, width: 1, height: 1, color: Color(255, 240, 160))
            }
        }
    }

    private static func drawRain(_ image: inout RGBImage, heavy: Bool, random: inout SimulationRandom) {
        for _ in 0..<(heavy ? 140 : 60) {
            let x = random.int(below: width), y = random.int(below: height - 3)
            for d in 0..<3 { image.fill(x: x - d, y: y + d, width: 1, height: 1, color: Color(190, 200, 215)) }
        }
    }

    private static func fade(_ image: inout RGBImage, toward color: Color, amount: Double) {
        for y in 0..<height {
            for x in 0..<width {
                guard let c = image.color(x: x, y: y) else { continue }
                func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8(Double(a) * (1 - amount) + Double(b) * amount) }
                image.fill(x: x, y: y, width: 1, height: 1, color: Color(mix(c.red, color.red), mix(c.green, color.green), mix(c.blue, color.blue)))
            }
        }
    }
}
