/// The page's stylesheet.
let pageStyle = """
    body { font-family: system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2430; }
    header { display: flex; align-items: center; gap: 1rem; padding: .6rem 1.2rem; background: #1d2430; color: #fff; }
    header h1 { font-size: 1.2rem; margin: 0; }
    main { padding: 1rem 1.2rem; max-width: 1200px; }
    .pill { font-size: .8rem; padding: .1rem .6rem; border-radius: 1rem; background: #555; }
    .pill.live { background: #1a7f37; } .pill.polling { background: #9a6700; } .pill.down { background: #cf222e; }
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: .8rem; }
    .card { background: #fff; border-radius: 6px; padding: .7rem 1rem; box-shadow: 0 1px 2px #0002; }
    .card .label { font-size: .8rem; color: #57606a; } .card .value { font-size: 1.2rem; margin-top: .2rem; }
    .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: .8rem; margin-top: .8rem; }
    figure { background: #fff; margin: 0; padding: .6rem; border-radius: 6px; box-shadow: 0 1px 2px #0002; }
    figcaption { font-size: .85rem; color: #57606a; }
    svg.bars, svg.series { width: 100%; height: 260px; }
    svg .bar-temperature { fill: #d1495b; } svg .bar-humidity { fill: #00798c; }
    svg text { font-size: 11px; fill: #1d2430; } svg .axis { stroke: #8c959f; stroke-width: 1; }
    svg .line { fill: none; stroke-width: 1.5; }
    .legend { display: flex; flex-wrap: wrap; gap: .8rem; font-size: .8rem; margin-top: .3rem; }
    .legend span::before { content: "■ "; }
    table { border-collapse: collapse; background: #fff; width: 100%; font-size: .85rem; }
    th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eaeef2; }
    td.value { font-family: ui-monospace, monospace; word-break: break-all; }
    .note { color: #57606a; font-size: .85rem; }
    button { font-size: .8rem; }
    """
