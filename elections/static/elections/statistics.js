// County statistics report charts (Chart.js, vendored); data from json_script.
(function () {
  "use strict";
  var node = document.getElementById("statistics-chart");
  if (!node || typeof Chart === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  var colours = ["rgba(176, 30, 35, 0.85)", "rgba(13, 110, 253, 0.75)"];
  var grey = "rgba(108, 117, 125, 0.5)";
  var base = { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: "bottom" } } };
  var completed = document.getElementById("chart-completed");
  if (completed) {
    var sets = [{ label: data.villages_label, data: data.villages, backgroundColor: grey }];
    data.series.forEach(function (s, i) { sets.push({ label: s.label, data: s.data, backgroundColor: colours[i % colours.length] }); });
    new Chart(completed, { type: "bar", data: { labels: data.labels, datasets: sets },
      options: Object.assign({}, base, { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }) });
  }
  var ages = document.getElementById("chart-ages");
  if (ages) {
    new Chart(ages, { type: "bar", data: { labels: data.labels, datasets: [
      { label: data.age_outgoing_label, data: data.age_outgoing, backgroundColor: grey },
      { label: data.age_incoming_label, data: data.age_incoming, backgroundColor: colours[0] }
    ] }, options: Object.assign({}, base, { scales: { y: { beginAtZero: true } } }) });
  }
})();
