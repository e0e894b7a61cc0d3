// plan S3.1.4: headcount trend of a key sample enterprise (data from json_script; CSP forbids inline script).
(function () {
  var box = document.getElementById("headcount-trend");
  var data = JSON.parse(document.getElementById("trend-data").textContent);
  if (!box || !window.echarts) { return; }
  var chart = window.echarts.init(box);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: {},
    xAxis: { type: "category", data: data.periods },
    yAxis: [{ type: "value" }, { type: "value" }],
    series: [
      { name: box.dataset.titleHeadcount, type: "line", data: data.headcount },
      { name: box.dataset.titleHires, type: "bar", yAxisIndex: 1, data: data.hires },
      { name: box.dataset.titleSeparations, type: "bar", yAxisIndex: 1, data: data.separations }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
