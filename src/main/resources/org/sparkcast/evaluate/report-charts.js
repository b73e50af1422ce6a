// Draws the charts of a Sparkcast evaluation report with the inlined Chart.js (global `Chart`).
// Data: the JSON in <script id="sparkcast-data">; x values of the time charts are epoch ms (UTC).
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('sparkcast-data').textContent);
  var COLORS = { model: '#1f77b4', naive: '#7f7f7f', seasonal_naive: '#ff7f0e', actual: '#111111' };
  var NAMES = { model: 'model', naive: 'naive', seasonal_naive: 'seasonal naive' };
  // one colour per origin overlaid (blues and greens, apart from the baselines' grey and orange)
  var ORIGIN_COLORS = ['#1f77b4', '#2ca02c', '#9467bd', '#17becf', '#08519c', '#006d2c', '#6a51a3', '#0e7c86'];
  var HOUR = 3600000;
  var STEPS = [HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR, 48 * HOUR, 168 * HOUR, 720 * HOUR, 8760 * HOUR];

  function utc(ms) {
    return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  }

  // A round tick step (whole hours or days, so ticks fall on UTC hours or midnights) giving <= 8 ticks.
  function tickStep(min, max) {
    for (var i = 0; i < STEPS.length; i++) {
      if ((max - min) / STEPS[i] <= 8) {
        return STEPS[i];
      }
    }
    return STEPS[STEPS.length - 1];
  }

  // Error by horizon: MAE of the model and both baselines at every step, one chart per target.
  data.by_horizon.forEach(function (t, i) {
    new Chart(document.getElementById('horizon-' + i), {
      type: 'line',
      data: {
        labels: t.steps,
        datasets: ['model', 'naive', 'seasonal_naive'].map(function (k) {
          return { label: NAMES[k], data: t[k], borderColor: COLORS[k], backgroundColor: COLORS[k],
                   borderDash: k === 'model' ? [] : [6, 3], tension: 0 };
        })
      },
      options: {
        animation: false,
        plugins: { title: { display: true, text: 'MAE by horizon step: ' + t.target } },
        scales: { x: { title: { display: true, text: 'step ahead' } },
                  y: { title: { display: true, text: 'MAE' }, beginAtZero: true } }
      }
    });
  });

  // Forecast vs actual: the actuals, the model's forecasts from a few origins, the baselines from the first.
  data.forecast_plots.forEach(function (p, i) {
    var datasets = [{ label: 'actual', data: p.actual, borderColor: COLORS.actual, backgroundColor: COLORS.actual,
                      pointRadius: 0, borderWidth: 1.5, spanGaps: false }];
    p.forecasts.forEach(function (f, j) {
      var color = ORIGIN_COLORS[j % ORIGIN_COLORS.length];
      datasets.push({ label: 'model from ' + utc(f.origin), data: f.points, borderColor: color,
                      backgroundColor: color, pointRadius: 1.5, borderWidth: 1.5 });
      if (f.upper) { // a fan: the outer quantiles' band, filled between upper and lower
        datasets.push({ label: 'interval from ' + utc(f.origin), data: f.upper, borderColor: 'rgba(0,0,0,0)',
                        backgroundColor: color + '26', pointRadius: 0, fill: '+1' });
        datasets.push({ label: '', data: f.lower, borderColor: 'rgba(0,0,0,0)', pointRadius: 0, fill: false });
      }
    });
    ['naive', 'seasonal_naive'].forEach(function (k) {
      datasets.push({ label: NAMES[k] + ' from ' + utc(p.baseline_origin), data: p[k], borderColor: COLORS[k],
                      backgroundColor: COLORS[k], pointRadius: 0, borderWidth: 1, borderDash: [6, 3] });
    });
    var xs = [];
    datasets.forEach(function (d) { d.data.forEach(function (pt) { xs.push(pt.x); }); });
    var step = tickStep(Math.min.apply(null, xs), Math.max.apply(null, xs));
    var min = Math.floor(Math.min.apply(null, xs) / step) * step; // ticks on whole steps since the epoch
    var max = Math.ceil(Math.max.apply(null, xs) / step) * step;
    new Chart(document.getElementById('forecast-' + i), {
      type: 'line',
      data: { datasets: datasets },
      options: {
        animation: false,
        parsing: true,
        plugins: {
          title: { display: true, text: p.series + ': ' + p.target },
          legend: { labels: { filter: function (item) { return item.text !== ''; } } },
          tooltip: { callbacks: { title: function (items) { return utc(items[0].parsed.x) + ' UTC'; } } }
        },
        scales: {
          x: { type: 'linear', min: min, max: max, title: { display: true, text: 'time (UTC)' },
               ticks: { stepSize: step, callback: function (v) { return utc(v); },
                        maxRotation: 0, autoSkipPadding: 20 } },
          y: { title: { display: true, text: p.target } }
        }
      }
    });
  });
})();
