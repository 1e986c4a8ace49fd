// The participant page of a live session (widgets/live/server.py, join_session.html.j2).
// It keeps the participant key in the browser, shows points left as people type, sends each
// activity's answers as JSON and shows what the server says: the problems beside their fields
// (the rules are the server's, widgets/core/sessions.py), or the participant's own result.
// A failed send changes nothing in the form.
(function () {
  "use strict";

  var root = document.getElementById("aligned-session");
  if (!root) return;
  var code = root.getAttribute("data-code");
  var api = root.getAttribute("data-api");
  var xsrf = root.getAttribute("data-xsrf");
  var pointsPerDimension = Number(root.getAttribute("data-points"));
  var storageName = "aligned.participant." + code;
  var cookieName = "aligned_participant_" + code;

  // -- the participant key: localStorage, else a cookie, else this page only ------------------

  function newKey() {
    var bytes = new Uint8Array(18);
    window.crypto.getRandomValues(bytes);
    var text = "";
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) return decodeURIComponent(parts[i].slice(eq + 1));
    }
    return null;
  }

  function participantKey() {
    var key = null;
    try { key = window.localStorage.getItem(storageName); } catch (e) { key = null; }
    if (!key) key = readCookie(cookieName);
    if (!key || !/^[A-Za-z0-9_-]{16,64}$/.test(key)) { key = newKey(); firstVisit = true; }
    try { window.localStorage.setItem(storageName, key); } catch (e) { /* private mode: the cookie keeps it */ }
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = cookieName + "=" + encodeURIComponent(key) + "; Max-Age=" + 60 * 60 * 24 * 7 +
      "; Path=/; SameSite=Strict" + secure;
    return key;
  }

  var firstVisit = false;  // a key made just now: nothing was sent with it, so no need to ask
  var key = participantKey();

  // -- small helpers ---------------------------------------------------------------------------

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function formatPoints(value) {
    return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
  }

  function numberOrNull(text) {
    if (text === null || String(text).trim() === "") return null;
    var value = Number(text);
    return Number.isFinite(value) ? value : String(text);
  }

  // -- culture: points left per dimension, live -------------------------------------------------

  function refreshLeft(fieldset) {
    var inputs = fieldset.querySelectorAll("input[data-type]");
    var total = 0;
    var known = true;
    for (var i = 0; i < inputs.length; i++) {
      var value = numberOrNull(inputs[i].value);
      if (typeof value !== "number") known = false; else total += value;
    }
    var title = fieldset.querySelector("legend").textContent.replace(/^\d+\.\s*/, "").replace(/\s*\((Now|Preferred)\)$/, "");
    var left = pointsPerDimension - total;
    var text;
    if (!known) text = "Enter a number for every statement.";
    else if (left === 0) text = "✓ " + pointsPerDimension + " points given";
    else if (left > 0) text = formatPoints(left) + " points left";
    else text = formatPoints(-left) + " points over";
    var line = fieldset.querySelector(".points-left");
    line.textContent = title + ": " + text;
    line.classList.toggle("done", known && left === 0);
  }

  var dimensions = root.querySelectorAll("fieldset[data-dimension]");
  for (var d = 0; d < dimensions.length; d++) {
    (function (fieldset) {
      fieldset.addEventListener("input", function () { refreshLeft(fieldset); });
      refreshLeft(fieldset);
    })(dimensions[d]);
  }

  var copy = root.querySelector("[data-copy=now-to-preferred]");
  if (copy) {
    copy.addEventListener("click", function () {
      var now = root.querySelectorAll("fieldset[data-phase=now] input[data-type]");
      for (var i = 0; i < now.length; i++) {
        var target = document.getElementById(now[i].id.replace("-now-", "-preferred-"));
        if (target) target.value = now[i].value;
      }
      var preferred = root.querySelectorAll("fieldset[data-phase=preferred]");
      for (var j = 0; j < preferred.length; j++) refreshLeft(preferred[j]);
    });
  }

  // -- reading and filling each activity's answers ---------------------------------------------

  function readAnswers(form, activity) {
    var answers = {};
    if (activity === "culture") {
      var sets = form.querySelectorAll("fieldset[data-dimension]");
      for (var i = 0; i < sets.length; i++) {
        var phase = sets[i].getAttribute("data-phase");
        var dimension = sets[i].getAttribute("data-dimension");
        answers[phase] = answers[phase] || {};
        var points = answers[phase][dimension] = {};
        var inputs = sets[i].querySelectorAll("input[data-type]");
        for (var j = 0; j < inputs.length; j++) points[inputs[j].getAttribute("data-type")] = numberOrNull(inputs[j].value);
      }
    } else if (activity === "components") {
      answers.ratings = {};
      answers.dependencies = {};
      var comps = form.querySelectorAll("fieldset[data-component]");
      for (var c = 0; c < comps.length; c++) {
        var name = comps[c].getAttribute("data-component");
        answers.ratings[name] = {
          current: numberOrNull(comps[c].querySelector("[data-rating=current]").value),
          target: numberOrNull(comps[c].querySelector("[data-rating=target]").value)
        };
        var needs = [];
        var selects = comps[c].querySelectorAll("select[data-needs]");
        for (var s = 0; s < selects.length; s++) if (selects[s].value) needs.push(selects[s].value);
        answers.dependencies[name] = needs;
      }
    } else if (activity === "check_before" || activity === "check_after") {
      var questions = form.querySelectorAll("fieldset[data-question]");
      for (var q = 0; q < questions.length; q++) {
        var picked = questions[q].querySelector("input:checked");
        answers[questions[q].getAttribute("data-question")] = picked ? Number(picked.value) : null;
      }
    } else if (activity === "reaction") {
      var scores = form.querySelectorAll("fieldset[data-score]");
      for (var r = 0; r < scores.length; r++) {
        var score = scores[r].querySelector("input:checked");
        answers[scores[r].getAttribute("data-score")] = score ? Number(score.value) : null;
      }
      var texts = form.querySelectorAll("textarea[data-text]");
      for (var t = 0; t < texts.length; t++) answers[texts[t].getAttribute("data-text")] = texts[t].value;
    } else {
      var items = form.querySelectorAll("fieldset[data-item]");
      for (var k = 0; k < items.length; k++) {
        var chosen = items[k].querySelector("input:checked");
        answers[items[k].getAttribute("data-item")] = chosen ? Number(chosen.value) : null;
      }
    }
    return answers;
  }

  function fillAnswers(form, activity, answers) {
    if (activity === "culture") {
      ["now", "preferred"].forEach(function (phase) {
        Object.keys(answers[phase] || {}).forEach(function (dimension) {
          Object.keys(answers[phase][dimension]).forEach(function (type) {
            var input = document.getElementById("culture-" + phase + "-" + dimension + "-" + type);
            if (input) input.value = answers[phase][dimension][type];
          });
        });
      });
      var sets = form.querySelectorAll("fieldset[data-dimension]");
      for (var i = 0; i < sets.length; i++) refreshLeft(sets[i]);
    } else if (activity === "components") {
      Object.keys(answers.ratings || {}).forEach(function (name) {
        ["current", "target"].forEach(function (phase) {
          var select = document.getElementById("components-" + name + "-" + phase);
          if (select) select.value = String(answers.ratings[name][phase]);
        });
        var needs = (answers.dependencies || {})[name] || [];
        for (var slot = 0; slot < 2; slot++) {
          var dep = document.getElementById("components-" + name + "-needs-" + slot);
          if (dep) dep.value = needs[slot] || "";
        }
      });
    } else if (activity === "check_before" || activity === "check_after") {
      var choices = answers.choices || {};
      Object.keys(choices).forEach(function (question) {
        var option = form.querySelector("input[name='" + activity + "-" + question + "'][value='" + Number(choices[question]) + "']");
        if (option) option.checked = true;
      });
    } else if (activity === "reaction") {
      Object.keys(answers).forEach(function (field) {
        var text = form.querySelector("textarea[data-text='" + field + "']");
        if (text) { text.value = answers[field]; return; }
        var score = form.querySelector("input[name='reaction-" + field + "'][value='" + Number(answers[field]) + "']");
        if (score) score.checked = true;
      });
    } else {
      Object.keys(answers).forEach(function (item) {
        var radio = form.querySelector("input[name='pulse-" + item + "'][value='" + Number(answers[item]) + "']");
        if (radio) radio.checked = true;
      });
    }
  }

  // A knowledge check is answered once (the server refuses a second send): once sent, the page
  // offers no second send, and the "after" check shows every answer with why.
  function lockCheck(form) {
    var activity = form.getAttribute("data-activity");
    if (activity !== "check_before" && activity !== "check_after") return;
    var sets = form.querySelectorAll("fieldset[data-question]");
    for (var i = 0; i < sets.length; i++) sets[i].disabled = true;
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    button.textContent = activity === "check_after" ? "Sent: the answers and why are below" : "Sent: your answers are in";
  }

  // -- what the server says ---------------------------------------------------------------------

  function clearProblems(form) {
    var slots = form.querySelectorAll(".field-problem");
    for (var i = 0; i < slots.length; i++) { slots[i].textContent = ""; slots[i].hidden = true; }
    var marked = form.querySelectorAll("[aria-invalid]");
    for (var j = 0; j < marked.length; j++) marked[j].removeAttribute("aria-invalid");
    var sets = form.querySelectorAll(".invalid");
    for (var k = 0; k < sets.length; k++) sets[k].classList.remove("invalid");
  }

  function showProblems(form, intro, problems, fields) {
    var box = form.querySelector(".messages");
    box.textContent = "";
    var message = element("div", "message error");
    message.appendChild(element("p", null, intro));
    var list = element("ul");
    problems.forEach(function (text) { list.appendChild(element("li", null, text)); });
    message.appendChild(list);
    box.appendChild(message);
    (fields || []).forEach(function (field, index) {
      if (!field) return;
      var fieldset = form.querySelector("[data-field='" + field + "']");
      if (!fieldset) return;
      var slot = fieldset.querySelector(".field-problem");
      slot.hidden = false;
      slot.textContent = slot.textContent ? slot.textContent + " " + problems[index] : problems[index];
      if (!slot.id) slot.id = "problem-" + field.replace(/\./g, "-");
      fieldset.classList.add("invalid");
      var controls = fieldset.querySelectorAll("input, select, textarea");
      for (var i = 0; i < controls.length; i++) {
        controls[i].setAttribute("aria-invalid", "true");
        var described = (controls[i].getAttribute("aria-describedby") || "").split(" ");
        if (described.indexOf(slot.id) < 0) controls[i].setAttribute("aria-describedby", (described.join(" ") + " " + slot.id).trim());
      }
    });
  }

  function showResult(form, result, note) {
    var box = form.querySelector(".own-result");
    box.textContent = "";
    box.appendChild(element("h3", null, "Your own result (only you see this)"));
    if (note) box.appendChild(element("p", "note", note));
    box.appendChild(element("p", null, result.text));
    (result.sections || []).forEach(function (section) {
      box.appendChild(element("h4", null, section.heading));
      var list = element("ul");
      section.items.forEach(function (text) { list.appendChild(element("li", null, text)); });
      box.appendChild(list);
    });
    box.hidden = false;
    if (result.chart) {
      var figure = element("figure", "own-chart");
      figure.setAttribute("aria-busy", "true");
      figure.appendChild(element("p", "note", "Drawing your kite chart…"));
      box.appendChild(figure);
      post("chart", { key: key }).then(function (reply) {
        figure.textContent = "";
        figure.removeAttribute("aria-busy");
        if (reply.status !== 200 || !reply.data.chart) {
          figure.appendChild(element("p", "note", "Your kite chart could not be drawn just now; the text above says the same."));
          return;
        }
        var image = element("img");
        image.alt = reply.data.chart.label || result.text;
        image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(reply.data.chart.svg);
        figure.appendChild(image);
      }, function () {
        figure.textContent = "";
        figure.removeAttribute("aria-busy");
        figure.appendChild(element("p", "note", "Your kite chart could not be drawn just now; the text above says the same."));
      });
    }
  }

  function post(path, body) {
    var headers = { "Content-Type": "application/json", "X-Aligned-Request": "1" };
    if (xsrf) headers["X-XSRFToken"] = xsrf;
    return fetch(api + "/" + path, {
      method: "POST", headers: headers, body: JSON.stringify(body), credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; },
        function () { return { status: response.status, data: {} }; });
    });
  }

  // -- sending ------------------------------------------------------------------------------------

  var forms = root.querySelectorAll("form.activity-form");
  for (var f = 0; f < forms.length; f++) {
    (function (form) {
      var activity = form.getAttribute("data-activity");
      var button = form.querySelector("button[type=submit]");
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (button.disabled) return;
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
        var box = form.querySelector(".messages");
        box.textContent = "";
        box.appendChild(element("p", "message", "Sending…"));
        post(activity, { key: key, answers: readAnswers(form, activity) }).then(function (reply) {
          clearProblems(form);
          var data = reply.data || {};
          if (reply.status === 200) {
            box.textContent = "";
            box.appendChild(element("p", "message ok", data.message));
            showResult(form, data.result);
            lockCheck(form);
          } else if (reply.status === 400 && data.fields) {
            showProblems(form, "Not sent yet. Please fix this first:", data.problems || [], data.fields);
          } else {
            box.textContent = "";
            box.appendChild(element("p", "message error",
              (data.problems || ["Not sent: the server did not answer as expected. Your answers are still here; please try again."]).join(" ")));
          }
        }, function () {
          clearProblems(form);
          box.textContent = "";
          box.appendChild(element("p", "message error",
            "Not sent: the server could not be reached. Your answers are still here; please send again when you are back online."));
        }).then(function () {
          button.removeAttribute("aria-busy");
          if (!form.querySelector("fieldset[data-question][disabled]")) button.disabled = false;
        });
      });
    })(forms[f]);
  }

  // -- a reload, or a phone that slept: the same participant, with what they sent ----------------

  var earlier = firstVisit ? Promise.resolve({ status: 200, data: { sent: {} } }) : post("mine", { key: key });
  earlier.then(function (reply) {
    var sent = (reply.status === 200 && reply.data && reply.data.sent) || {};
    Object.keys(sent).forEach(function (activity) {
      var form = root.querySelector("form[data-activity='" + activity + "']");
      if (!form) return;
      fillAnswers(form, activity, sent[activity].answers);
      showResult(form, sent[activity].result, activity === "check_before" || activity === "check_after" ?
        "You sent these answers earlier." :
        "You sent these answers earlier; if you send again, your new answers replace them.");
      lockCheck(form);
    });
  }, function () { /* nothing sent before, or offline: the empty form is right */ }).then(function () {
    root.setAttribute("data-ready", "true");
    document.documentElement.setAttribute("data-aligned-page", "ready");
  });
})();
