// The managers' dashboard: draw each chart from its data-chart attribute with the vendored Chart.js.
// The table under each chart holds the same figures, so the page still works without this script.
(function () {
  "use strict";
  // Colour-blind-safe palette (Okabe-Ito), strong enough to read in a screenshot.
  var COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999", "#6A3D9A"];

  function draw(canvas) {
    var spec;
    try { spec = JSON.parse(canvas.getAttribute("data-chart")); } catch (e) { return; }
    var line = spec.type === "line";
    var stacked = spec.type === "stacked";
    var datasets = spec.series.map(function (s, i) {
      var colour = COLOURS[i % COLOURS.length];
      return { label: s.name, data: s.values, backgroundColor: colour, borderColor: colour,
               borderWidth: line ? 2 : 0, pointRadius: line ? 3 : 0, tension: 0.2, fill: false };
    });
    new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: datasets.length > 1, position: "bottom", labels: { boxWidth: 12, font: { size: 12 } } } },
        scales: {
          x: { stacked: stacked, ticks: { font: { size: 12 }, maxRotation: 45, autoSkip: true } },
          y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0, font: { size: 12 } } }
        }
      }
    });
    canvas.setAttribute("data-drawn", "1");
  }

  function init() {
    if (!window.Chart) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
