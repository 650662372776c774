// Structure analysis charts (Chart.js, vendored): last term vs this term.
(function () {
  "use strict";
  var node = document.getElementById("structure-chart");
  if (!node || typeof Chart === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  var grey = "rgba(108, 117, 125, 0.7)";
  var red = "rgba(176, 30, 35, 0.85)";
  function bars(id, labels, outgoing, incoming, options) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: [
          { label: data.outgoing_label, data: outgoing, backgroundColor: grey },
          { label: data.incoming_label, data: incoming, backgroundColor: red }
        ]
      },
      options: Object.assign({ responsive: true, animation: false, plugins: { legend: { position: "bottom" } } }, options || {})
    });
  }
  bars("chart-counts", data.labels, data.outgoing, data.incoming, { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } });
  bars("chart-age", data.age.labels, data.age.outgoing, data.age.incoming, { indexAxis: "y", scales: { x: { beginAtZero: true } } });
})();
