#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The simulated shop's pages, most popular first, and the visitors' browsers and sources.
///
/// Page popularity is Zipf (weight of rank r ∝ 1/r^s), as measured on real sites: a home page
/// and a few category pages take most views while a long tail of articles gets few.
enum ClickstreamSiteMap {
    static let pages: [String] = [
        "/", "/products", "/search?q=laptop", "/products/laptops", "/products/phones", "/cart",
        "/products/laptops/thinkpad-x1-carbon", "/products/phones/pixel-9", "/deals", "/login",
        "/products/headphones", "/checkout", "/account", "/products/phones/iphone-16", "/blog",
        "/products/laptops/macbook-air-m3", "/search?q=usb-c+charger", "/products/monitors",
        "/account/orders", "/help", "/products/headphones/sony-wh-1000xm5", "/blog/best-laptops-2024",
        "/products/accessories", "/stores", "/products/monitors/dell-u2724d", "/signup", "/help/shipping",
        "/help/returns", "/products/tablets", "/products/tablets/ipad-air", "/about", "/careers", "/contact",
        "/blog/how-to-choose-a-monitor", "/products/accessories/usb-c-hub", "/wishlist", "/gift-cards",
        "/press", "/privacy", "/terms",
    ]

    /// Zipf exponent; slightly above 1 as typically fitted to web page popularity.
    static let zipfExponent = 1.07

    /// Cumulative Zipf weights over `pages`, normalised to end at 1.
    static let cumulativeWeights: [Double] = {
        let weights = (1...pages.count).map { 1 / pow(Double($0), zipfExponent) }
        let total = weights.reduce(0, +)
        var running = 0.0
        return weights.map { weight in
            running += weight / total
            return running
        }
    }()

    static let encodedPages: [[UInt8]] = pages.map(JSONWriter.encodedString)

    /// A page index drawn by popularity (binary search over the cumulative weights).
    static func popularPage(_ random: inout SimulationRandom) -> Int {
        let u = random.unit()
        var low = 0
        var high = cumulativeWeights.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulativeWeights[middle] > u { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Where sessions come from; an empty referrer is direct traffic (typed URL, bookmark).
    static let externalReferrers: [(url: String, weight: Double)] = [
        ("https://www.google.com/", 0.45), ("", 0.22), ("https://www.facebook.com/", 0.10),
        ("https://t.co/", 0.05), ("https://www.bing.com/", 0.05), ("https://newsletter.shop.example/", 0.05),
        ("https://www.reddit.com/", 0.05), ("https://duckduckgo.com/", 0.03),
    ]
    static let encodedReferrers: [[UInt8]] = externalReferrers.map { JSONWriter.encodedString($0.url) }

    /// Browsers with roughly their market share.
    static let userAgents: [(ua: String, weight: Double)] = [
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", 0.30),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", 0.20),
        ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36", 0.17),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", 0.10),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", 0.08),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0", 0.07),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0", 0.05),
        ("Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36", 0.03),
    ]
    static let encodedUserAgents: [[UInt8]] = userAgents.map { JSONWriter.encodedString($0.ua) }

    static let referrerWeights = externalReferrers.map(\.weight)
    static let userAgentWeights = userAgents.map(\.weight)
}
