/* The widget's behaviour: buttons, exact scroll speed, height messages to the embedding
   page, live values and warning badges polled from /v1/weather. The page is complete without
   it. */
(function () {
  "use strict";
  var root = document.getElementById("w");
  if (!root) return;
  var data = root.dataset;
  var refresh = Math.max(2, Number(data.refresh) || 300);
  var badges = data.warnings !== "off";
  // Chosen once per page, so widgets opened at the same moment do not poll in step.
  var jitter = Math.random() * Math.min(60, refresh / 5);
  var track = root.querySelector(".tr");
  var strip = root.querySelector(".s");
  var etag = null;
  var lastHeight = 0;
  // This page's language's words (script_words in ticker/web/widget/page.py): weekdays
  // (Monday first), the date line's full and narrow forms, the badge's label, what joins a
  // warning's kind and level, and the field holding a city's name.
  var WEEKDAYS = data.wd.split(" ");
  var DATE_LINES = data.df.split("|");
  var EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
    "Nov", "Dec"];
  // The levels drawn in ticker/web/widget/badges.py and widget.css.
  var LEVELS = ["advisory", "warning", "severe"];

  function find(selector) { return root.querySelector(selector); }

  function setText(element, text) {
    // Change the existing text node in place; create one only where there was none.
    var node = element.firstChild;
    if (node && node.nodeType === 3 && !node.nextSibling) {
      if (node.nodeValue !== text) node.nodeValue = text;
    } else if (element.textContent !== text) {
      element.textContent = text;
    }
  }

  // The server's rendering of the same rules: ticker/web/widget/view.py.
  function dateLines(iso) {
    var y = Number(iso.slice(0, 4)), m = Number(iso.slice(5, 7)), d = Number(iso.slice(8, 10));
    var weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
    var values = { y: y, m: m, d: d, mm: iso.slice(5, 7), dd: iso.slice(8, 10),
      mon: EN_MONTHS[m - 1], wd: WEEKDAYS[weekday] };
    return DATE_LINES.map(function (form) {
      return form.replace(/\{(\w+)\}/g, function (all, name) { return String(values[name]); });
    });
  }

  function temperature(value) {
    return typeof value === "number" ? value.toFixed(1) + "\u2103" : "\u2014";
  }

  function showsValue(city) {
    return city.temperature_c !== null || city.condition !== "unknown";
  }

  function latestTime(doc) {
    var latest = "";
    doc.cities.forEach(function (city) {
      if (city.observed_at && city.observed_at > latest) latest = city.observed_at;
    });
    return latest || doc.updated_at;
  }

  function fitDuration() {
    // Still (CSS .fit) when the cities fit the row, scrolling only when they overflow it;
    // then one copy scrolls by at the requested speed whatever its real width.
    var width = 0;
    track.querySelectorAll(".cp:first-child>li").forEach(function (item) {
      width += item.getBoundingClientRect().width;
    });
    root.classList.toggle("fit", width <= find(".row").clientWidth);
    var copy = track.querySelector(".cp");
    var em = parseFloat(getComputedStyle(track).fontSize);
    var seconds = copy.getBoundingClientRect().width / em / Number(data.speed);
    if (seconds > 0 && isFinite(seconds)) track.style.animationDuration = seconds.toFixed(1) + "s";
  }

  function postHeight() {
    if (window.parent === window) return;
    var height = Math.ceil(root.getBoundingClientRect().height);
    if (height === lastHeight) return;
    lastHeight = height;
    // Only to the origin the embedding script named; without one the height is no secret.
    // A target the browser refuses throws; nothing else depends on the message.
    try {
      window.parent.postMessage({ type: "ticker-widget:height", height: height },
        data.parent || "*");
    } catch (error) { /* the strip goes on */ }
  }

  function step(direction) {
    // The first city cut off on that side comes into view at the other edge (a city wider
    // than the strip moves by one strip's width).
    var box = strip.getBoundingClientRect();
    var items = Array.prototype.slice.call(track.querySelector(".cp").children);
    if (direction < 0) items.reverse();
    for (var i = 0; i < items.length; i++) {
      var rect = items[i].getBoundingClientRect();
      var hidden = direction > 0 ? rect.right - box.right : box.left - rect.left;
      if (hidden > 1) {
        var align = direction > 0 ? rect.left - box.left : box.right - rect.right;
        strip.scrollLeft += direction * (align > 1 ? align : Math.min(hidden, box.width));
        return;
      }
    }
  }

  function newItem() {
    var item = document.createElement("li");
    ["i", "c", "n", "t"].forEach(function (name, index) {
      var span = document.createElement("span");
      span.className = name;
      if (index > 1) item.appendChild(document.createTextNode(" "));
      item.appendChild(span);
    });
    return item;
  }

  function rebuild(cities) {
    track.querySelectorAll(".cp").forEach(function (copy) {
      copy.replaceChildren.apply(copy, cities.map(newItem));
    });
    fitDuration();
  }

  // The server's badge: ticker/web/widget/badges.py (title_of in ticker/core/warnings.py).
  function warningTitle(warning) {
    var kind = String(warning.type_text), level = String(warning.level_text);
    return kind + data.tj + level;
  }

  function levelOf(warning) {
    return LEVELS.indexOf(warning.level) >= 0 ? warning.level : "unknown";
  }

  function badge(item, city) {
    // Returns whether the item's width changed. Unknown (null) shows no badge, as none does.
    var list = badges && Array.isArray(city.warnings) ? city.warnings : [];
    var span = item.querySelector(".wb");
    if (!list.length) {
      if (!span) return false;
      var space = span.nextSibling;
      if (space && space.nodeType === 3) item.removeChild(space);
      item.removeChild(span);
      return true;
    }
    if (!span) {
      span = document.createElement("span");
      span.setAttribute("role", "img");
      item.insertBefore(document.createTextNode(" "), item.firstChild);
      item.insertBefore(span, item.firstChild);
    }
    var titles = list.map(warningTitle);
    var label = data.bl + ": " + titles.join(", ");
    var text = titles[0] + (titles.length > 1 ? " +" + (titles.length - 1) : "");
    var changed = span.textContent !== text;
    span.className = "wb wb-" + levelOf(list[0]);
    setText(span, text);
    if (span.getAttribute("aria-label") !== label) {
      span.setAttribute("aria-label", label);
      span.title = label;
    }
    return changed;
  }

  function fill(item, city) {
    item.className = "it" + (city.stale && showsValue(city) ? " st" : "");
    item.setAttribute("data-id", city.id);
    item.querySelector(".i").className = "i i-" + String(city.condition).replace(/[^a-z_]/g, "");
    setText(item.querySelector(".c"), city.condition_text || "");
    setText(item.querySelector(".n"), String(city[data.nk]));
    setText(item.querySelector(".t"), temperature(city.temperature_c));
    return badge(item, city);
  }

  function apply(doc) {
    if (!doc || doc.schema_version !== 1 || !Array.isArray(doc.cities)) return;
    var copies = track.querySelectorAll(".cp");
    var shown = Array.prototype.map.call(copies[0].children, function (item) {
      return item.getAttribute("data-id");
    });
    var ids = doc.cities.map(function (city) { return String(city.id); });
    // Only a different set of cities rebuilds the strip; new values change text in place.
    if (ids.join(",") !== shown.join(",")) rebuild(doc.cities);
    var resized = false;
    copies.forEach(function (copy) {
      doc.cities.forEach(function (city, index) {
        if (fill(copy.children[index], city)) resized = true;
      });
    });
    // A badge come, gone or changed: one copy's width is new.
    if (resized) fitDuration();
    var latest = latestTime(doc);
    var lines = dateLines(latest);
    setText(find(".d .lf"), lines[0]);
    setText(find(".d .sf"), lines[1]);
    find(".d").setAttribute("datetime", latest.slice(0, 10));
    setText(find(".ot"), latest.slice(11, 16));
    setText(find(".a .lf"), String(doc.attribution));
    find(".bs").hidden = !doc.sample;
    find(".bd").hidden = doc.sample || !doc.cities.some(function (city) {
      return city.stale && showsValue(city);
    });
  }

  function poll() {
    var headers = { Accept: "application/json" };
    if (etag) headers["If-None-Match"] = etag;
    fetch(data.src, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 304) return null;
        if (!response.ok) throw new Error("HTTP " + response.status);
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(apply)
      .catch(function () { /* keep what is shown; the next poll tries again */ })
      .then(schedule);
  }

  function schedule() { window.setTimeout(poll, (refresh + jitter) * 1000); }

  // Polling is set up first: nothing below may keep the values from updating.
  schedule();
  root.querySelector(".pp").addEventListener("click", function () {
    var paused = root.classList.toggle("paused");
    this.setAttribute("aria-pressed", paused ? "true" : "false");
  });
  find(".nb-p").addEventListener("click", function () { step(-1); });
  find(".nb-n").addEventListener("click", function () { step(1); });
  fitDuration();
  // Fitted again to a new width (a phone turned, a container resized); widget_show.js calls
  // root.fit after it changes the extras.
  root.fit = fitDuration;
  if (window.ResizeObserver) new ResizeObserver(function () {
    fitDuration();
    postHeight();
  }).observe(root);
  postHeight();
})();
