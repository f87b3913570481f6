/// The page skeleton. It holds no data: the script fills it with `textContent` and SVG nodes.
let pageHTML = """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Rivulet dashboard</title>
    <link rel="stylesheet" href="/assets/app.css">
    <script src="/assets/app.js" defer></script>
    </head>
    <body>
    <header>
      <h1>Rivulet</h1>
      <span id="connection" class="pill">connecting…</span>
    </header>
    <main>
      <section class="cards">
        <div class="card"><div class="label">Window</div><div id="window-range" class="value">–</div></div>
        <div class="card"><div class="label">Active devices</div><div id="active-devices" class="value">0</div></div>
        <div class="card"><div class="label">Updated</div><div id="updated-at" class="value">–</div></div>
        <div class="card"><div class="label">Status ok / warn / error</div><div id="status-counts" class="value">–</div></div>
      </section>
      <section class="charts">
        <figure><figcaption>Average temperature per device (°C)</figcaption><svg id="chart-temperature" class="bars" role="img"></svg></figure>
        <figure><figcaption>Average humidity per device (%)</figcaption><svg id="chart-humidity" class="bars" role="img"></svg></figure>
      </section>
      <section>
        <h2>Last 30 minutes</h2>
        <figure><figcaption>Average temperature per device, by window</figcaption><svg id="chart-series" class="series" role="img"></svg></figure>
        <div id="series-legend" class="legend"></div>
      </section>
      <section>
        <h2>Pipelines</h2>
        <table id="pipelines"><thead><tr><th>pipeline</th><th>events/s</th><th>input</th><th>lag</th><th>lag per partition</th><th>watermark delay</th><th>late</th><th>dead letters</th><th>windows committed</th><th>last lake commit</th></tr></thead><tbody></tbody></table>
      </section>
      <section>
        <h2>Topics</h2>
        <p id="topics-note" class="note"></p>
        <table id="topics"><thead><tr><th>topic</th><th>partition</th><th>log start</th><th>high watermark</th><th></th></tr></thead><tbody></tbody></table>
        <h3 id="messages-title"></h3>
        <table id="messages"><thead><tr><th>offset</th><th>time</th><th>key</th><th>value</th></tr></thead><tbody></tbody></table>
      </section>
      <section>
        <h2>Lake tables</h2>
        <table id="lake"><thead><tr><th>table</th><th>version</th><th>files</th><th>rows</th><th>bytes</th></tr></thead><tbody></tbody></table>
      </section>
    </main>
    </body>
    </html>
    """
