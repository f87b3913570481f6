/// The page's script. Every value from the data reaches the DOM through `textContent` or an
/// SVG attribute set with `setAttribute`, never through HTML parsing, so a device id such as
/// `<img src=x onerror=alert(1)>` shows as text. (A test checks this file for HTML sinks.)
let pageScript = #"""
    "use strict";
    const SVG = "http://www.w3.org/2000/svg";
    const COLORS = ["#d1495b", "#00798c", "#edae49", "#30638e", "#66a182", "#8d6a9f", "#e07a5f", "#3d405b", "#81b29a", "#f2cc8f"];
    const state = { pipelines: new Map(), selected: null, lastSeries: 0, status: [], statusWindow: "", lastStatus: 0 };

    function $(id) { return document.getElementById(id); }
    function el(tag, text, cls) {
      const node = document.createElement(tag);
      if (text !== undefined && text !== null) node.textContent = String(text);
      if (cls) node.className = cls;
      return node;
    }
    function svg(tag, attrs, text) {
      const node = document.createElementNS(SVG, tag);
      for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
      if (text !== undefined) node.textContent = String(text);
      return node;
    }
    function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
    function fmt(x, digits) { return typeof x === "number" && isFinite(x) ? x.toFixed(digits) : "–"; }
    async function getJSON(path) {
      const response = await fetch(path, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) throw new Error(path + ": " + response.status);
      return response.json();
    }

    function renderLatest(doc) {
      const records = Array.isArray(doc && doc.records) ? doc.records : [];
      const latestStart = records.reduce((m, r) => (r.window_start > m ? r.window_start : m), "");
      const current = records.filter(r => r.window_start === latestStart);
      const end = current.length ? current[0].window_end : "";
      $("window-range").textContent = latestStart ? latestStart + " → " + (end || "?") : "–";
      $("active-devices").textContent = String(new Set(current.map(r => r.device_id)).size);
      $("updated-at").textContent = typeof doc.updated_at === "number" ? new Date(doc.updated_at * 1000).toLocaleTimeString() : "–";
      const sum = key => current.reduce((s, r) => s + (typeof r[key] === "number" ? r[key] : 0), 0);
      // A pipeline may carry the counts in its rows; otherwise the engine's live counts from /api/status.
      const hasStatus = current.some(r => "status_ok" in r || "status_warn" in r || "status_error" in r);
      state.statusWindow = hasStatus ? null : latestStart;
      if (hasStatus) $("status-counts").textContent = sum("status_ok") + " / " + sum("status_warn") + " / " + sum("status_error");
      else renderStatus();
      const rows = current.slice().sort((a, b) => String(a.device_id).localeCompare(String(b.device_id)));
      drawBars($("chart-temperature"), rows, "avg_temperature", "bar-temperature", 1);
      drawBars($("chart-humidity"), rows, "avg_humidity", "bar-humidity", 1);
      const now = Date.now();
      if (now - state.lastSeries > 1000) { state.lastSeries = now; refreshSeries(); }
      if (!hasStatus && now - state.lastStatus > 200) { state.lastStatus = now; refreshStatus(); }
    }

    function renderStatus() {
      if (state.statusWindow === null) return;
      let text = "n/a";
      for (const p of state.status) {
        const w = (Array.isArray(p.windows) ? p.windows : []).find(w => w.window_start === state.statusWindow);
        if (w) { text = fmt(w.ok, 0) + " / " + fmt(w.warn, 0) + " / " + fmt(w.error, 0); break; }
      }
      $("status-counts").textContent = text;
    }

    async function refreshStatus() {
      try { const list = await getJSON("/api/status"); state.status = Array.isArray(list) ? list : []; } catch (e) { state.status = []; }
      renderStatus();
    }

    function drawBars(root, rows, key, cls, digits) {
      clear(root);
      const width = root.clientWidth || 500, height = root.clientHeight || 260, left = 40, bottom = 70, top = 18;
      root.setAttribute("viewBox", "0 0 " + width + " " + height);
      const values = rows.map(r => (typeof r[key] === "number" ? r[key] : 0));
      const max = Math.max(1, ...values) * 1.1;
      const slot = (width - left) / Math.max(1, rows.length);
      root.appendChild(svg("line", { x1: left, y1: height - bottom, x2: width, y2: height - bottom, class: "axis" }));
      rows.forEach((r, i) => {
        const h = (values[i] / max) * (height - bottom - top);
        const x = left + i * slot + slot * 0.15, y = height - bottom - h, w = slot * 0.7;
        const bar = svg("rect", { x: x, y: y, width: w, height: Math.max(0, h), class: "bar " + cls });
        bar.appendChild(svg("title", {}, String(r.device_id) + ": " + fmt(values[i], 2)));
        root.appendChild(bar);
        root.appendChild(svg("text", { x: x + w / 2, y: y - 4, "text-anchor": "middle" }, fmt(values[i], digits)));
        root.appendChild(svg("text", { x: x + w / 2, y: height - bottom + 12, transform: "rotate(35 " + (x + w / 2) + " " + (height - bottom + 12) + ")", class: "device-label" }, String(r.device_id)));
      });
    }

    async function refreshSeries() {
      try { drawSeries(await getJSON("/api/series")); } catch (e) { /* next update retries */ }
    }

    function drawSeries(data) {
      const root = $("chart-series"), legend = $("series-legend");
      clear(root); clear(legend);
      const devices = Array.isArray(data.devices) ? data.devices : [];
      const points = devices.flatMap(d => d.points.filter(p => typeof p.temperature === "number"));
      if (!points.length) return;
      const width = root.clientWidth || 900, height = root.clientHeight || 260, left = 40, bottom = 24, top = 10;
      root.setAttribute("viewBox", "0 0 " + width + " " + height);
      const t0 = Math.min(...points.map(p => p.t)), t1 = Math.max(...points.map(p => p.t), t0 + 1);
      const v0 = Math.min(...points.map(p => p.temperature)), v1 = Math.max(...points.map(p => p.temperature), v0 + 1);
      const X = t => left + ((t - t0) / (t1 - t0)) * (width - left - 10);
      const Y = v => top + (1 - (v - v0) / (v1 - v0)) * (height - top - bottom);
      root.appendChild(svg("line", { x1: left, y1: height - bottom, x2: width, y2: height - bottom, class: "axis" }));
      root.appendChild(svg("text", { x: 2, y: top + 10 }, fmt(v1, 1)));
      root.appendChild(svg("text", { x: 2, y: height - bottom }, fmt(v0, 1)));
      root.appendChild(svg("text", { x: left, y: height - 6 }, new Date(t0).toLocaleTimeString()));
      root.appendChild(svg("text", { x: width - 70, y: height - 6 }, new Date(t1).toLocaleTimeString()));
      devices.forEach((d, i) => {
        const color = COLORS[i % COLORS.length];
        const path = d.points.filter(p => typeof p.temperature === "number").map((p, j) => (j ? "L" : "M") + X(p.t).toFixed(1) + " " + Y(p.temperature).toFixed(1)).join(" ");
        root.appendChild(svg("path", { d: path, stroke: color, class: "line" }));
        const item = el("span", d.device_id);
        item.style.color = color;
        legend.appendChild(item);
      });
    }

    function row(cells) {
      const tr = document.createElement("tr");
      for (const c of cells) tr.appendChild(c instanceof Node ? wrap(c) : el("td", c));
      return tr;
    }
    function wrap(node) { const td = document.createElement("td"); td.appendChild(node); return td; }

    async function refreshPipelines() {
      const list = await getJSON("/api/pipelines");
      const body = $("pipelines").tBodies[0];
      clear(body);
      const now = Date.now();
      for (const p of list) {
        const previous = state.pipelines.get(p.pipeline);
        const rate = previous && now > previous.at ? ((p.inputEvents - previous.input) * 1000) / (now - previous.at) : null;
        state.pipelines.set(p.pipeline, { at: now, input: p.inputEvents });
        const delay = typeof p.watermarkDelayMilliseconds === "number" ? fmt(p.watermarkDelayMilliseconds / 1000, 1) + " s" : "–";
        const partitions = (Array.isArray(p.partitions) ? p.partitions : []).map(x => x.partition + ": " + x.lag).join(", ") || "–";
        const c = p.lastLakeCommit;
        const commit = c ? c.table + " v" + c.version + " at " + new Date(c.timeMilliseconds).toLocaleTimeString() : "–";
        body.appendChild(row([p.pipeline, rate === null ? "–" : fmt(rate, 1), p.inputEvents, p.lag, partitions, delay, p.lateEvents, p.deadLetters, p.windowsCommitted, commit]));
      }
    }

    async function refreshTopics() {
      const data = await getJSON("/api/topics");
      $("topics-note").textContent = data.available ? "" : "Topics are shown only when the dashboard runs inside `rivulet up` (the log belongs to another process).";
      const body = $("topics").tBodies[0];
      clear(body);
      for (const t of data.topics) {
        for (const p of t.partitions) {
          const button = el("button", "last messages");
          button.addEventListener("click", () => { state.selected = { topic: t.name, partition: p.partition }; refreshMessages(); });
          body.appendChild(row([t.name, p.partition, p.logStartOffset, p.highWatermark, button]));
        }
      }
    }

    async function refreshMessages() {
      const s = state.selected;
      if (!s) return;
      $("messages-title").textContent = s.topic + " / " + s.partition;
      const list = await getJSON("/api/topics/" + encodeURIComponent(s.topic) + "/" + encodeURIComponent(s.partition) + "/messages?limit=20");
      const body = $("messages").tBodies[0];
      clear(body);
      for (const m of list.slice().reverse()) {
        const value = el("td", m.value, "value");
        const tr = row([m.offset, new Date(m.timestamp).toISOString(), m.key === undefined ? "" : m.key]);
        tr.appendChild(value);
        body.appendChild(tr);
      }
    }

    async function refreshLake() {
      const body = $("lake").tBodies[0];
      const list = await getJSON("/api/lake");
      clear(body);
      for (const t of list) body.appendChild(row([t.name, t.version, t.files, t.rows, t.bytes]));
    }

    function setConnection(text, cls) { const n = $("connection"); n.textContent = text; n.className = "pill " + cls; }

    let pollTimer = null;
    function startPolling() {
      if (pollTimer) return;
      setConnection("polling every 2 s", "polling");
      const poll = async () => { try { renderLatest(await getJSON("/api/latest")); } catch (e) { setConnection("disconnected", "down"); } };
      poll();
      pollTimer = setInterval(poll, 2000);
    }

    function connect() {
      if (!("EventSource" in window)) { startPolling(); return; }
      const source = new EventSource("/api/stream");
      source.addEventListener("latest", e => {
        if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
        setConnection("live", "live");
        try { renderLatest(JSON.parse(e.data)); } catch (err) { /* a torn document is replaced by the next one */ }
      });
      source.onerror = () => { startPolling(); };
    }

    function refreshSide() {
      refreshPipelines().catch(() => {});
      refreshTopics().catch(() => {});
      refreshLake().catch(() => {});
      refreshMessages().catch(() => {});
    }

    document.addEventListener("DOMContentLoaded", () => {
      getJSON("/api/latest").then(renderLatest).catch(() => {});
      connect();
      refreshSide();
      setInterval(refreshSide, 2000);
    });
    """#
