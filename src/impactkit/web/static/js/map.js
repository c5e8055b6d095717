// IMPACT system map: draws the network of actors and links with the locally served Plotly.
// Everything drawn comes from the <script type="application/json"> block named by the
// element's data-source (no inline script: the Content-Security-Policy forbids it): node
// positions (laid out on the server, seeded), colours, symbols and line styles. The page's
// tables hold the same facts for screen readers and for anyone who cannot see the colours.
(function () {
  "use strict";

  const FONT = { family: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", size: 13,
                 color: "#1d2330" };

  function edgeTraces(figure, at) {
    // One trace per link kind (Plotly styles a line per trace), and an invisible marker at
    // each link's middle so that hovering a link names its two ends and its kind.
    const traces = [];
    Object.entries(figure.edge_styles).forEach(([kind, style]) => {
      const xs = [], ys = [], mx = [], my = [], text = [];
      figure.edges.filter((e) => e.kind === kind).forEach((e) => {
        const a = at[e.source], b = at[e.target];
        xs.push(a.x, b.x, null);
        ys.push(a.y, b.y, null);
        mx.push((a.x + b.x) / 2);
        my.push((a.y + b.y) / 2);
        // names come from users: escaped, since Plotly reads hover text as HTML
        text.push(`${escapeHtml(a.name)} → ${escapeHtml(b.name)}<br>${escapeHtml(style.title)}`);
      });
      traces.push({ type: "scatter", mode: "lines", x: xs, y: ys, hoverinfo: "skip",
                    name: style.title, showlegend: false,
                    line: { color: style.colour, width: style.width, dash: style.dash } });
      traces.push({ type: "scatter", mode: "markers", x: mx, y: my, text: text,
                    hovertemplate: "%{text}<extra></extra>", showlegend: false,
                    marker: { size: 10, color: style.colour, opacity: 0 } });
    });
    return traces;
  }

  function describe(n) {
    const flags = [];
    if (n.bridge) flags.push("Bridging actor: its loss splits the coordinating network");
    if (n.isolated) flags.push("Isolated: no link to any actor");
    return `<b>${n.name}</b><br>Sector: ${n.sector_title}<br>Level: ${n.level_title}` +
      `<br>Type: ${n.type_title}<br>Links: ${n.links}` +
      (flags.length ? "<br>" + flags.join("<br>") : "");
  }

  function escapeHtml(value) {
    const div = document.createElement("div");
    div.textContent = value;
    return div.innerHTML;
  }

  function nodeTraces(figure) {
    const safe = figure.nodes.map((n) => Object.assign({}, n, {
      name: escapeHtml(n.name), sector_title: escapeHtml(n.sector_title),
      level_title: escapeHtml(n.level_title), type_title: escapeHtml(n.type_title) }));
    const nodes = {
      type: "scatter", mode: "markers", showlegend: false,
      x: safe.map((n) => n.x), y: safe.map((n) => n.y), text: safe.map(describe),
      customdata: safe.map((n) => n.url),
      hovertemplate: "%{text}<extra></extra>",
      marker: { size: 15, color: safe.map((n) => n.colour), symbol: safe.map((n) => n.symbol),
                opacity: safe.map((n) => (n.picked ? 1 : 0.18)),
                line: { color: "#1d2330", width: 1 } },
    };
    // bridges get a ring only (labels would crowd the middle of the network), isolated
    // actors a ring and the word, in the free space where the layout sets them
    const ring = (picked, colour, width, label) => ({
      type: "scatter", mode: label ? "markers+text" : "markers", showlegend: false,
      hoverinfo: "skip",
      x: picked.map((n) => n.x), y: picked.map((n) => n.y),
      text: picked.map(() => label || ""), textposition: "bottom center",
      textfont: { size: 11, color: colour },
      marker: { size: 27, symbol: "circle-open", color: colour, line: { width: width } },
    });
    return [
      nodes,
      ring(safe.filter((n) => n.bridge), "#1d2330", 3, ""),
      ring(safe.filter((n) => n.isolated), "#a4161a", 2, "isolated"),
    ];
  }

  function drawMap(element, figure) {
    const at = {};
    figure.nodes.forEach((n) => { at[n.key] = n; });
    const axis = { visible: false, showgrid: false, zeroline: false, fixedrange: false };
    const layout = {
      height: 640, margin: { l: 10, r: 10, t: 10, b: 10 }, hovermode: "closest",
      xaxis: axis, yaxis: Object.assign({ scaleanchor: "x" }, axis),
      font: FONT, dragmode: "pan", plot_bgcolor: "#ffffff", paper_bgcolor: "#ffffff",
    };
    window.Plotly.newPlot(element, [...edgeTraces(figure, at), ...nodeTraces(figure)], layout,
      { displaylogo: false, responsive: true, scrollZoom: false,
        modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage"] });
    // A node opens the actor's page, like the actor table's links.
    element.on("plotly_click", (event) => {
      const url = event.points[0].customdata;
      if (typeof url === "string" && url.startsWith("/workspaces/")) window.location.assign(url);
    });
  }

  function drawAll() {
    if (!window.Plotly) return; // the tables below hold every fact
    document.querySelectorAll("[data-map]").forEach((element) => {
      const source = document.getElementById(element.dataset.source);
      if (source) drawMap(element, JSON.parse(source.textContent));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
