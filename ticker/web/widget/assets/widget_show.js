/* The extras of show= kept current: feels-like, today's low and high and fine dust's grade
   (with AirKorea's credit) from every poll of /v1/weather, the 24-hour sparklines from this page itself when the data changes.
   widget.js is inlined byte for byte in every page without show= (tests/golden), so rather than
   change it this script reads the same answers: it wraps fetch for the widget's own data URL
   and reads a clone of each response, one request per poll as before. The sparklines are not
   in the JSON: when a poll brings a new snapshot (updated_at), this page's own URL (a prepared
   response, revalidated by its ETag) is fetched once and its sparklines replace the shown ones
   in place, so the strip neither reloads nor jumps. The icons of show=icon come the same way,
   with the page's sprite: the server picks each by the station's own sunrise and sunset. */
(function () {
  "use strict";
  var root = document.getElementById("w");
  if (!root || !root.dataset.show || !window.fetch || !window.DOMParser) return;
  var data = root.dataset;
  var show = data.show.split(",");
  var lang = data.lang;
  // LABELS["feels"], ["low"] and ["high"] in ticker/web/widget/words.py.
  var FEELS = { ko: "체감 ", en: "feels ", ja: "体感 ", zh: "体感 " };
  var LOW_HIGH = { ko: ["최저 ", " / 최고 "], en: ["low ", " / high "],
                   ja: ["最低 ", " / 最高 "], zh: ["最低 ", " / 最高 "] };
  // LABELS["air"] in words.py, and the grades drawn in widget_show.css.
  var AIR = { ko: "미세먼지", en: "PM", ja: "微細粉じん", zh: "微尘" };
  var GRADES = ["good", "moderate", "bad", "very_bad"];
  var track = root.querySelector(".tr");
  var nativeFetch = window.fetch;
  var latest = null;
  var updated = data.updated;
  // The sparklines and icons are drawn by the server: redrawn from this page's own URL.
  var drawsFromPage = show.indexOf("trend") >= 0 || show.indexOf("icon") >= 0;

  function one(value) { return value.toFixed(1); }

  // The server's rendering of the same text: feels_text and today_text in view.py.
  function feels(city) {
    // Left out when it reads as the temperature beside it.
    var value = city.feels_like_c;
    return typeof value === "number" && (typeof city.temperature_c !== "number" ||
      one(value) !== one(city.temperature_c)) ? FEELS[lang] + one(value) + "\u2103" : "";
  }

  function today(city) {
    var words = LOW_HIGH[lang];
    return typeof city.today_min_c === "number" && typeof city.today_max_c === "number" ?
      words[0] + one(city.today_min_c) + words[1] + one(city.today_max_c) : "";
  }

  // forecast_text in ticker/web/widget/forecast.py: today's until 17:00 KST, then tomorrow's.
  var TOMORROW = { ko: "\ub0b4\uc77c", en: "Tomorrow", ja: "明日", zh: "明天" };
  var WET = ["rain", "sleet", "snow", "shower"];

  function whole(value) { return typeof value === "number" ? String(Math.round(value)) : "\u2014"; }

  function kstHour(doc) {
    // A recording is shown as of its own moment: its newest observation.
    if (doc.sample) {
      var times = doc.cities.map(function (c) { return c.observed_at || ""; }).sort();
      var last = times[times.length - 1] || doc.updated_at;
      return Number(last.slice(11, 13));
    }
    return new Date(Date.now() + 9 * 3600e3).getUTCHours();
  }

  function dayCondition(day) {
    var pairs = [[day.condition_am, day.condition_am_text], [day.condition_pm, day.condition_pm_text]];
    var wet = pairs.filter(function (p) { return WET.indexOf(p[0]) >= 0; });
    var pick = wet[0] || (pairs[0][0] ? pairs[0] : pairs[1]);
    return pick[0] ? pick[1] : null;
  }

  function forecast(city, hour) {
    var f = city.forecast;
    if (!f || !f.today || !f.tomorrow) return "";
    if (hour >= 17) {
      var day = f.tomorrow;
      if (typeof day.min_c !== "number" && typeof day.max_c !== "number") return "";
      var words = [TOMORROW[lang]];
      var text = dayCondition(day);
      // Mid-phrase ("Tomorrow snow"); Hangul and CJK have no case to lower.
      if (text) words.push(String(text).toLowerCase());
      words.push(whole(day.min_c) + "/" + whole(day.max_c) + "\u2103");
      return words.join(" ");
    }
    var today = f.today, parts = [];
    if (typeof today.min_c === "number" || typeof today.max_c === "number") {
      parts.push("(" + whole(today.min_c) + " / " + whole(today.max_c) + "\u2103)");
    }
    if (typeof today.pop_pct === "number" && today.pop_pct >= 60) {
      parts.push("\u2602" + today.pop_pct + "%");
    }
    return parts.join(" ");
  }

  function fit() {
    // widget.js's fitting: still or scrolling, and one copy at the requested speed.
    if (root.fit) root.fit();
  }

  function part(item, name) {
    // Items widget.js rebuilt have no extras yet: add the span, before the sparkline.
    var span = item.querySelector("." + name);
    if (span) return span;
    var before = item.querySelector(".g");
    span = document.createElement("span");
    span.className = name;
    item.insertBefore(document.createTextNode(" "), before);
    item.insertBefore(span, before);
    return span;
  }

  // The server's rendering: air_shown in view.py.
  function air(span, city) {
    var a = city.air, known = a && GRADES.indexOf(a.grade) >= 0 && a.grade_text;
    var word = known ? String(a.grade_text) : "";
    var chip = span.querySelector(".pg");
    if (!chip) {
      chip = document.createElement("span");
      span.replaceChildren(document.createTextNode(" "), chip);
    }
    // The text before the chip, as the server writes it: "미세먼지 " (unknown: " ").
    span.firstChild.nodeValue = (known ? AIR[lang] : "") + " ";
    chip.className = "pg pg-" + (known ? a.grade : "");
    if (chip.textContent !== word) chip.textContent = word;
    span.hidden = !known;
  }

  function put(span, text) {
    if (span.textContent !== text) span.textContent = text;
    span.hidden = !text;
  }

  function fill() {
    if (!latest) return;
    var cities = {};
    var hour = kstHour(latest);
    latest.cities.forEach(function (city) { cities[city.id] = city; });
    var credited = false;
    track.querySelectorAll(".it").forEach(function (item) {
      var city = cities[item.getAttribute("data-id")];
      if (!city) return;
      if (show.indexOf("feels") >= 0) put(part(item, "f"), feels(city));
      if (show.indexOf("minmax") >= 0) put(part(item, "r"), today(city));
      if (show.indexOf("air") >= 0) {
        air(part(item, "p"), city);
        credited = credited || !part(item, "p").hidden;
      }
      if (show.indexOf("forecast") >= 0) put(part(item, "fc"), forecast(city, hour));
    });
    var credit = root.querySelector(".aa");
    if (credit) credit.hidden = !credited;
    // Any extra's text may make the cities overflow the row, or fit it.
    fit();
  }

  function redraw() {
    nativeFetch.call(window, location.href, { cache: "no-cache", credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        // Without its styles: a parsed page is held to this page's CSP, whose hashes allow
        // this page's style blocks only (a new scroll duration is a new block).
        html = html.replace(/<style>[^<]*<\/style>/g, "");
        var parsed = new DOMParser().parseFromString(html, "text/html");
        var fresh = parsed.querySelectorAll(".cp");
        var sprite = parsed.querySelector(".sp"), shown = document.querySelector(".sp");
        if (sprite && shown) shown.replaceWith(document.importNode(sprite, true));
        track.querySelectorAll(".cp").forEach(function (copy, index) {
          Array.prototype.forEach.call(copy.children, function (item) {
            var id = item.getAttribute("data-id");
            var source = fresh[index] && Array.prototype.filter.call(fresh[index].children,
              function (other) { return other.getAttribute("data-id") === id; })[0];
            var drawn = source && source.querySelector(".g");
            var old = item.querySelector(".g");
            if (old) old.remove();
            if (drawn) item.appendChild(document.importNode(drawn, true));
            // The icon goes before the plain strip's condition dot, which it hides.
            var icon = source && source.querySelector(".icon");
            var was = item.querySelector(".icon");
            if (was) was.remove();
            if (icon) item.insertBefore(document.importNode(icon, true), item.querySelector(".i"));
          });
        });
        fit();
      })
      .catch(function () { /* keep the sparklines shown; the next new snapshot tries again */ });
  }

  function take(doc) {
    if (!doc || doc.schema_version !== 1 || !Array.isArray(doc.cities)) return;
    latest = doc;
    fill();
    if (drawsFromPage && doc.updated_at !== updated) {
      updated = doc.updated_at;
      redraw();
    }
  }

  window.fetch = function (resource) {
    var answer = nativeFetch.apply(window, arguments);
    if (resource === data.src) {
      // Registered before widget.js's own handler, so the body is cloned before it is read.
      answer.then(function (response) {
        if (response.status === 200) return response.clone().json().then(take);
      }).catch(function () { /* widget.js keeps what is shown */ });
    }
    return answer;
  };

  // widget.js rebuilds the items when the cities change: give the new ones their extras.
  if (window.MutationObserver) {
    var observer = new MutationObserver(function () {
      fill();
      if (drawsFromPage) redraw();
      fit();
    });
    track.querySelectorAll(".cp").forEach(function (copy) {
      observer.observe(copy, { childList: true });
    });
  }
})();
