// IMPACT charts: draws every element with a data-chart attribute using the locally served
// Plotly bundle. The numbers come from a <script type="application/json"> block named by
// data-source (no inline script: the Content-Security-Policy forbids it). The same numbers
// are always in a table next to the chart, which is what screen readers use.
(function () {
  "use strict";

  // Okabe-Ito blue and vermilion (distinguishable with every common colour-vision
  // deficiency); practice bars are also hatched, so colour is never the only signal.
  const LAW = "#0072b2";
  const PRACTICE = "#d55e00";

  function gapChart(element, rows) {
    const labels = rows.map((r) => r.title);
    const urls = rows.map((r) => r.url);
    const text = (values) => values.map((v) => (v === null ? "not assessed" : v.toFixed(1)));
    const law = rows.map((r) => r.law_policy);
    const practice = rows.map((r) => r.practice);
    const traces = [
      { type: "bar", orientation: "h", name: "Law and policy", y: labels, x: law,
        text: text(law), textposition: "outside", cliponaxis: false, marker: { color: LAW },
        hovertemplate: "%{y}<br>Law and policy: %{text}<extra></extra>" },
      { type: "bar", orientation: "h", name: "Practice", y: labels, x: practice,
        text: text(practice), textposition: "outside", cliponaxis: false,
        marker: { color: PRACTICE,
                  pattern: { shape: "/", fillmode: "overlay", fgcolor: "#ffffff", size: 8, solidity: 0.25 } },
        hovertemplate: "%{y}<br>Practice: %{text}<extra></extra>" },
    ];
    const layout = {
      barmode: "group", height: Math.max(360, 60 * rows.length),
      margin: { l: 260, r: 60, t: 10, b: 50 },
      xaxis: { range: [0, 100], title: { text: "Score (0-100)" }, fixedrange: true },
      yaxis: { autorange: "reversed", automargin: true, fixedrange: true },
      legend: { orientation: "h", y: -0.12 },
      font: { family: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", size: 13,
              color: "#1d2330" },
    };
    window.Plotly.newPlot(element, traces, layout,
      { displaylogo: false, responsive: true, displayModeBar: false });
    // A bar opens the explanation of that cluster's gap, like the table's links.
    element.on("plotly_click", (event) => {
      const url = urls[event.points[0].pointIndex];
      if (url) window.location.assign(url);
    });
  }

  const CHARTS = { gaps: gapChart };

  function drawAll() {
    if (!window.Plotly) return; // the table below each chart still holds every number
    document.querySelectorAll("[data-chart]").forEach((element) => {
      const draw = CHARTS[element.dataset.chart];
      const source = document.getElementById(element.dataset.source);
      if (!draw || !source) return;
      draw(element, JSON.parse(source.textContent));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
