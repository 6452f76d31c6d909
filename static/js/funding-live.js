// The funding check inside the proposal form: as figures are typed, the portal's own
// POST /api/v1/funding-check/ is asked (nothing is saved) and its messages are shown, with a
// warning when the modules do not add up to the centre hours.
(function () {
  var box = document.getElementById("live-check");
  if (!box) return;
  var form = box.closest("form");
  var out = box.querySelector("[data-live-output]");
  var timer = null;

  function value(name) {
    var input = form.elements[name];
    return input ? input.value.trim() : "";
  }
  function number(text) {
    var n = parseFloat((text || "").replace(/\s/g, "").replace(",", "."));
    return isNaN(n) ? 0 : n;
  }
  function show(lines, warn) {
    out.textContent = "";
    var list = document.createElement("ul");
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line.text;
      if (line.warn) item.className = "warning";
      list.appendChild(item);
    });
    out.appendChild(list);
    box.classList.toggle("has-warning", !!warn);
  }
  function moduleHours() {
    var total = 0;
    Array.prototype.forEach.call(form.querySelectorAll("input[name^='modules-'][name$='-hours']"), function (input) {
      var del = form.elements[input.name.replace(/-hours$/, "-DELETE")];
      if (!del || !del.checked) total += number(input.value);
    });
    return total;
  }
  function run() {
    var centre = number(value("centre_hours_in_person")) + number(value("centre_hours_distance"));
    var lines = [];
    var modules = moduleHours();
    if (modules > 0 && Math.abs(modules - centre) > 0.001) {
      lines.push({ warn: true, text: box.dataset.modulesWarning.replace("%(modules)s", modules).replace("%(centre)s", centre) });
    }
    var payload = {
      start_date: value("start_date"),
      end_date: value("end_date"),
      schedule: value("schedule"),
      centre_hours: String(centre),
      company_hours: value("company_hours") || "0",
      company_hours_required_by_certification: value("company_hours_required") || "0",
      pedagogic_cost_ht: value("pedagogic_cost_ht") || "0",
    };
    if (value("reference_monthly_salary")) payload.reference_monthly_salary = value("reference_monthly_salary");
    if (!payload.start_date || !payload.end_date || !payload.schedule || !centre) {
      lines.push({ text: box.dataset.incomplete });
      show(lines, lines.length > 1);
      return;
    }
    fetch(box.dataset.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": value("csrfmiddlewaretoken") },
      body: JSON.stringify(payload),
    })
      .then(function (response) { return response.json().then(function (data) { return { ok: response.ok, data: data }; }); })
      .then(function (answer) {
        if (!answer.ok) {
          Object.keys(answer.data).forEach(function (key) {
            [].concat(answer.data[key]).forEach(function (text) { lines.push({ warn: true, text: String(text) }); });
          });
          show(lines, true);
          return;
        }
        var data = answer.data;
        var late = !data.deadlines.file_on_time || !data.deadlines.leave_request_on_time;
        // what must be read first: a deadline close at hand, an outdated SMIC, no Qualiopi
        (data.warnings || []).forEach(function (w) { lines.push({ warn: true, text: w.message }); });
        lines.push({ text: box.dataset.covered.replace("%(covered)s", data.pedagogic.covered_ht).replace("%(remaining)s", data.remaining_cost_ht) });
        data.messages.forEach(function (text) { lines.push({ text: text, warn: late && /délai|dépassée|rejeté/.test(text) }); });
        show(lines, late || lines.some(function (l) { return l.warn; }));
      })
      .catch(function () { show([{ warn: true, text: box.dataset.unavailable }], true); });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 400);
  });
  form.addEventListener("change", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 100);
  });
  run();
})();
