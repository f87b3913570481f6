// Runs the dashboard page script against a minimal DOM stub (no browser needed) and prints
// what it drew, for tests/interop/test_dashboard_browser.py. Usage: node dashboard_script_harness.js app.js
const vm = require("vm"), fs = require("fs");
class Node_ { constructor(tag){ this.tag=tag; this.children=[]; this.attrs={}; this._text=""; this.style={}; this.className=""; this.tBodies=[null]; }
  get firstChild(){ return this.children[0]; } appendChild(c){ this.children.push(c); return c; } removeChild(c){ this.children.splice(this.children.indexOf(c),1); }
  setAttribute(k,v){ if(typeof v!=="string") throw new Error("non-string attr"); this.attrs[k]=v; } set textContent(t){ this._text=t; this.children=[]; } get textContent(){ return this._text; }
  addEventListener(){} }
const els = {};
const document = { getElementById(id){ if(!els[id]){ els[id]=new Node_("x"); els[id].tBodies=[new Node_("tbody")]; } return els[id]; },
  createElement(t){ return new Node_(t); }, createElementNS(ns,t){ return new Node_(t); }, addEventListener(){} };
const ctx = { document, window: {}, Node: Node_, fetch: async () => ({ ok: true, json: async () => ({devices: []}) }), setInterval(){}, clearInterval(){}, console, Date, Math, JSON, Set, Map, Object, Array, String, Number, isFinite };
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(process.argv[2],"utf8") + "\nthis.renderLatest = renderLatest; this.drawSeries = drawSeries;", ctx);
const ids = [...Array(7).keys()].map(i => "device-" + i).concat(["<img src=x onerror=alert(1)>"]);
const doc = { updated_at: 1730638580, records: ids.map((d, i) => ({ window_start: "2024-11-03T14:30:00Z", window_end: "2024-11-03T14:30:10Z", device_id: d, avg_temperature: 20 + i, avg_humidity: 50 + i, status_ok: 3, status_warn: 1, status_error: 0 })) };
ctx.renderLatest(doc);
const bars = els["chart-temperature"].children.filter(c => c.tag === "rect");
console.log("bars", bars.length, "hum", els["chart-humidity"].children.filter(c => c.tag === "rect").length);
console.log("window", els["window-range"].textContent, "| devices", els["active-devices"].textContent, "| status", els["status-counts"].textContent);
console.log("labels", els["chart-temperature"].children.filter(c => c.attrs.class === "device-label").map(c => c.textContent).join(","));
ctx.drawSeries({ devices: ids.map((d, i) => ({ device_id: d, points: [{ t: 1, temperature: 20 + i }, { t: 10001, temperature: 21 + i }] })) });
console.log("paths", els["chart-series"].children.filter(c => c.tag === "path").length, "legend", els["series-legend"].children.length);
