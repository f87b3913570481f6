/// Seed 004's journey: Antipolo (Rizal) to Baguio (Benguet), about 250 km by road.
///
/// Sumulong Highway and Marcos Highway to Santolan, Aurora Boulevard to EDSA at Cubao, EDSA
/// north to Balintawak, NLEX to Dau, SCTEX to Tarlac, TPLEX to Rosario (La Union), then
/// Kennon Road up the Bued river gorge to Baguio. Coordinates are read off public maps at
/// interchanges and towns along the way (to about 100 m); elevations are approximate.
extension RoutePath {
    public static let antipoloToBaguio = RoutePath(waypoints: [
        w("Antipolo Cathedral", "Sumulong Highway", 14.5864, 121.1761, 190, .city, camera: "cam-antipolo-cathedral"),
        w("Sumulong Highway Mambugan", "Sumulong Highway", 14.6076, 121.1489, 140, .city),
        w("Masinag Junction", "Marcos Highway", 14.6247, 121.1221, 60, .city, camera: "cam-marcos-masinag"),
        w("Marcos Highway Ligaya", "Marcos Highway", 14.6213, 121.0992, 25, .city),
        w("Santolan LRT-2", "Aurora Boulevard", 14.6221, 121.0861, 15, .city, camera: "cam-marcos-santolan"),
        w("Aurora Boulevard Katipunan", "Aurora Boulevard", 14.6312, 121.0729, 45, .city),
        w("Aurora Boulevard Anonas", "Aurora Boulevard", 14.6281, 121.0648, 40, .city),
        w("EDSA Cubao", "EDSA", 14.6196, 121.0531, 40, .city, camera: "cam-edsa-cubao"),
        w("EDSA Kamuning", "EDSA", 14.6353, 121.0434, 35, .city),
        w("EDSA Quezon Avenue", "EDSA", 14.6436, 121.0380, 35, .city),
        w("EDSA North Avenue", "EDSA", 14.6526, 121.0327, 30, .city, camera: "cam-edsa-north-ave"),
        w("EDSA Balintawak", "NLEX", 14.6573, 121.0037, 20, .expressway),
        w("NLEX Balintawak Toll Plaza", "NLEX", 14.6690, 120.9990, 15, .expressway, camera: "cam-nlex-balintawak"),
        w("NLEX Valenzuela", "NLEX", 14.6990, 120.9860, 10, .expressway),
        w("NLEX Meycauayan", "NLEX", 14.7380, 120.9680, 10, .expressway),
        w("NLEX Marilao", "NLEX", 14.7640, 120.9540, 10, .expressway),
        w("NLEX Bocaue Toll Plaza", "NLEX", 14.7960, 120.9350, 10, .expressway, camera: "cam-nlex-bocaue"),
        w("NLEX Balagtas", "NLEX", 14.8230, 120.9050, 10, .expressway),
        w("NLEX Tabang", "NLEX", 14.8500, 120.8800, 10, .expressway),
        w("NLEX Santa Rita", "NLEX", 14.8820, 120.8570, 10, .expressway),
        w("NLEX Pulilan", "NLEX", 14.9200, 120.8300, 10, .expressway),
        w("NLEX San Simon", "NLEX", 14.9980, 120.7720, 8, .expressway),
        w("NLEX San Fernando", "NLEX", 15.0440, 120.6960, 15, .expressway, camera: "cam-nlex-san-fernando"),
        w("NLEX Mexico", "NLEX", 15.0900, 120.6500, 40, .expressway),
        w("NLEX Angeles", "NLEX", 15.1350, 120.6150, 80, .expressway),
        w("NLEX Dau", "SCTEX", 15.1780, 120.5950, 110, .expressway, camera: "cam-nlex-dau"),
        w("SCTEX Mabalacat", "SCTEX", 15.2150, 120.5780, 130, .expressway),
        w("SCTEX Bamban", "SCTEX", 15.2750, 120.5650, 90, .expressway),
        w("SCTEX Concepcion", "SCTEX", 15.3450, 120.5850, 60, .expressway),
        w("SCTEX–TPLEX Tarlac Interchange", "TPLEX", 15.4250, 120.5900, 40, .expressway, camera: "cam-tplex-tarlac"),
        w("TPLEX Gerona", "TPLEX", 15.5900, 120.6000, 40, .expressway),
        w("TPLEX Paniqui", "TPLEX", 15.6650, 120.5850, 35, .expressway),
        w("TPLEX Moncada", "TPLEX", 15.7350, 120.5750, 35, .expressway),
        w("TPLEX Rosales", "TPLEX", 15.8950, 120.6150, 40, .expressway, camera: "cam-tplex-rosales"),
        w("TPLEX Urdaneta", "TPLEX", 15.9800, 120.5800, 50, .expressway),
        w("TPLEX Pozorrubio", "TPLEX", 16.1100, 120.5450, 80, .expressway),
        w("TPLEX Sison", "TPLEX", 16.1650, 120.5150, 120, .expressway),
        w("TPLEX Rosario Exit", "Kennon Road", 16.2280, 120.4880, 150, .mountain, camera: "cam-tplex-rosario"),
        w("Kennon Road Camp One", "Kennon Road", 16.2870, 120.5330, 400, .mountain),
        w("Kennon Road Twin Peaks", "Kennon Road", 16.3150, 120.5560, 700, .mountain),
        w("Kennon Road Camp Four", "Kennon Road", 16.3360, 120.5700, 850, .mountain),
        w("Kennon Road Camp Six", "Kennon Road", 16.3590, 120.5840, 1050, .mountain, camera: "cam-kennon-camp6"),
        w("Kennon Road Lion's Head", "Kennon Road", 16.3740, 120.5910, 1200, .mountain),
        w("Kennon Road Camp Seven", "Kennon Road", 16.3900, 120.5970, 1350, .mountain),
        w("Baguio Session Road", "Session Road", 16.4023, 120.5960, 1500, .city, camera: "cam-baguio-session"),
    ])

    private static func w(
        _ name: String, _ road: String, _ latitude: Double, _ longitude: Double, _ elevation: Double,
        _ kind: RoadKind, camera: String? = nil
    ) -> RouteWaypoint {
        RouteWaypoint(
            name: name, road: road, point: GeoPoint(latitude: latitude, longitude: longitude),
            elevation: elevation, kind: kind, cameraID: camera)
    }
}
