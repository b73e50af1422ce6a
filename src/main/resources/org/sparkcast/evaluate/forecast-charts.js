// Draws forecast.html: per series and target, the recent history and the forecast with its interval (inlined Chart.js).
// Data: the JSON in <script id="sparkcast-data">: {plots: [{series, target, labels, history, point, lower, upper}]};
// labels are local times as text, one per grid step; a null value is a gap (left as a gap).
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('sparkcast-data').textContent);
  data.plots.forEach(function (p, i) {
    var sets = [
      { label: 'history', data: p.history, borderColor: '#111111', pointRadius: 0, borderWidth: 1.5, spanGaps: false },
      { label: 'forecast', data: p.point, borderColor: '#1f77b4', pointRadius: 1.5, borderWidth: 2, spanGaps: false }
    ];
    if (p.lower) {
      sets.push({ label: 'interval ' + p.interval, data: p.upper, borderColor: 'rgba(31,119,180,0.3)', pointRadius: 0,
        backgroundColor: 'rgba(31,119,180,0.15)', fill: '+1', borderWidth: 1, spanGaps: false });
      sets.push({ label: '', data: p.lower, borderColor: 'rgba(31,119,180,0.3)', pointRadius: 0, borderWidth: 1,
        spanGaps: false });
    }
    new Chart(document.getElementById('forecast-' + i), {
      type: 'line',
      data: { labels: p.labels, datasets: sets },
      options: {
        animation: false,
        plugins: { title: { display: true, text: p.series + ' — ' + p.target },
          legend: { labels: { filter: function (item) { return item.text !== ''; } } } },
        scales: { x: { ticks: { maxTicksLimit: 10 } } }
      }
    });
  });
})();
