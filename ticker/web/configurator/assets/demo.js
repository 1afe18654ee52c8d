/* The configurator's live half: station search, the picked order, a preview and snippets that
   follow every change, copy buttons. The page works without it (a plain GET form the server
   answers with the same preview and snippets: ticker/web/configurator/configuration.py builds
   them there, this file builds the same text here, and the browser tests compare the two). The
   snippets' address is the configured public URL, else the one this browser shows: never the
   Host header the server was sent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("demo-data").textContent);
  var form = document.getElementById("cfg");
  var field = function (name) { return form.elements.namedItem(name); };
  var stations = document.getElementById("stations");
  var search = document.getElementById("q");
  var count = document.getElementById("q-count");
  var preview = document.getElementById("preview");
  var previewDark = document.getElementById("preview-dark");
  var COLOR = /^#[0-9a-fA-F]{6}$/;
  var base = data.base || new URL(".", location.href).href;
  var LT = "\u003c";  // keeps closing tags out of this inline script
  // The page's words in its language (ticker/web/configurator/words.py), {field}s filled.
  var say = function (key, fields) {
    return data.words[key].replace(/\{(\w+)\}/g, function (all, name) { return fields[name]; });
  };
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=station]"));
  var byId = {};
  boxes.forEach(function (box) { byId[box.value] = box; });
  // The server lists the picked stations in display order; checkboxes only know list order.
  var picked = Array.prototype.map.call(document.querySelectorAll("#picked li"), function (li) {
    return li.getAttribute("data-id");
  }).filter(function (id) { return byId[id]; });

  function normal(text) { return String(text).normalize("NFC").trim().toLowerCase(); }

  function rank(box, query) {
    // 0: a name is the query; 1: a name starts with it; 2: a name contains it; -1: no match.
    var best = -1;
    [box.dataset.ko, box.dataset.en, box.dataset.ja, box.dataset.zh, box.value].forEach(function (name) {
      var at = normal(name).indexOf(query);
      var found = at < 0 ? -1 : normal(name) === query ? 0 : at === 0 ? 1 : 2;
      if (found >= 0 && (best < 0 || found < best)) best = found;
    });
    return best;
  }

  function filter() {
    var query = normal(search.value);
    var shown = 0;
    boxes.forEach(function (box) {
      var match = !query || rank(box, query) >= 0;
      box.parentNode.hidden = !match;
      if (match) shown++;
    });
    document.querySelectorAll("#list .prov").forEach(function (group) {
      group.hidden = !group.querySelector("label:not([hidden])");
    });
    count.textContent = query ? say("matches", { n: shown }) : "";
  }

  function bestMatch() {
    var query = normal(search.value);
    var found = null, foundRank = 3;
    if (!query) return null;
    boxes.forEach(function (box) {
      var r = rank(box, query);
      if (r >= 0 && r < foundRank && !box.checked) { found = box; foundRank = r; }
    });
    return found;
  }

  // The same parameters, order and defaults as Configuration.params in configurator.py.
  function params() {
    var list = [];
    if (field("set").value) list.push(["set", field("set").value]);
    else if (picked.length) list.push(["cities", picked.join(",")]);
    data.order.forEach(function (name) {
      var value = field(name).value;
      if (value !== data.defaults[name]) list.push([name, value]);
    });
    var extras = data.show.filter(function (name) {
      return form.querySelector("input[name=show][value=" + name + "]").checked;
    });
    if (extras.length) list.push(["show", extras.join(",")]);
    data.colors.forEach(function (name) {
      var value = field(name).value.trim();
      if (COLOR.test(value)) list.push([name, value.toLowerCase()]);
    });
    return list;
  }

  function valueOf(list, name) {
    var pair = list.filter(function (p) { return p[0] === name; })[0];
    return pair ? pair[1] : data.defaults[name];
  }

  // As Python's html.escape: the snippets are HTML, and the address goes into attributes.
  function attribute(text) {
    return String(text).replace(/&/g, "&amp;").replace(/\u003c/g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  function snippets(list) {
    var query = list.map(function (p) {
      return p[0] + "=" + p[1].replace(/#/g, "%23");  // as quote() in configuration.py
    }).join("&");
    var path = query ? "widget?" + query : "widget";
    var iframe = LT + 'iframe src="' + attribute(base + path) + '" title="' +
      data.titles[valueOf(list, "lang")] + '"\n        loading="lazy" style="width:100%;height:' +
      data.heights[valueOf(list, "size")] + 'px;border:0">' + LT + "/iframe>";
    var height = data.heights[valueOf(list, "size")];
    var script = LT + 'div style="min-height:' + height + 'px">' + LT + 'script src="' +
      attribute(base) + 'embed.js"' + list.map(function (p) {
        return " data-" + p[0] + '="' + p[1] + '"';
      }).join("") + " async>" + LT + "/script>" + LT + "/div>";
    var more = data.more[valueOf(list, "lang")];
    var amp = LT + 'amp-iframe src="' + attribute(base + path) + '" title="' +
      data.titles[valueOf(list, "lang")] + '"\n    sandbox="allow-scripts allow-same-origin" ' +
      'layout="fixed-height" height="' + height + '" resizable frameborder="0">\n  ' +
      LT + "div placeholder>" + LT + "/div>\n  " + LT + 'div overflow tabindex="0" ' +
      'role="button" aria-label="' + more + '">' + more + LT + "/div>\n" + LT + "/amp-iframe>";
    return { query: query, path: path, iframe: iframe, script: script, amp: amp };
  }

  // WCAG 2 contrast of two #rrggbb colours.
  function luminance(hex) {
    var channels = [1, 3, 5].map(function (at) {
      var c = parseInt(hex.substr(at, 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
  }

  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function warnContrast(list) {
    var theme = valueOf(list, "theme");
    var own = data.palette[theme === "dark" ? "dark" : "light"];
    var fg = valueOf(list, "fg") || own.fg;
    // A transparent strip is read on the host's background: check both previews.
    var grounds = valueOf(list, "bg") ? [valueOf(list, "bg")] : theme === "transparent" ?
      [data.hosts.light, data.hosts.dark] : [own.bg];
    var worst = Math.min.apply(null, grounds.map(function (bg) { return contrast(fg, bg); }));
    var note = document.getElementById("contrast");
    note.textContent = worst < 4.5 ? note.getAttribute("data-low")
      .replace("{ratio}", worst.toFixed(2)) : "";
  }

  function drawPicked() {
    var list = document.getElementById("picked");
    list.replaceChildren.apply(list, picked.map(function (id) {
      var item = document.createElement("li");
      var remove = document.createElement("button");
      var name = byId[id].dataset[data.lang];
      item.setAttribute("data-id", id);
      item.appendChild(document.createTextNode(name));
      remove.type = "button";
      remove.className = "remove";
      remove.textContent = say("remove", {});
      remove.setAttribute("aria-label", say("remove_named", { name: name }));
      remove.addEventListener("click", function () { choose(byId[id], false); });
      item.appendChild(remove);
      return item;
    }));
    document.getElementById("picked-none").hidden = picked.length > 0;
  }

  function update(changed) {
    stations.disabled = !!field("set").value;
    var list = params();
    var built = snippets(list);
    [preview, previewDark].forEach(function (frame) {
      if (frame.getAttribute("src") !== built.path) frame.setAttribute("src", built.path);
      frame.className = "h-" + valueOf(list, "size");
    });
    warnContrast(list);
    document.querySelector("#iframe-snippet code").textContent = built.iframe;
    document.querySelector("#script-snippet code").textContent = built.script;
    document.querySelector("#amp-snippet code").textContent = built.amp;
    drawPicked();
    if (!changed) return;
    // The address now says what is shown: a reload or a shared link shows the same.
    history.replaceState(null, "", built.query ? "?" + built.query : location.pathname);
    var error = document.getElementById("error");
    if (error) error.remove();
  }

  function choose(box, on) {
    box.checked = on;
    picked = picked.filter(function (id) { return id !== box.value; });
    if (on) picked.push(box.value);
    update(true);
  }

  data.colors.forEach(function (name) {
    var text = field(name), pick = document.getElementById(name + "-pick");
    pick.addEventListener("input", function () { text.value = pick.value; update(true); });
    text.addEventListener("input", function () {
      if (COLOR.test(text.value.trim())) pick.value = text.value.trim().toLowerCase();
      update(true);
    });
  });

  form.addEventListener("change", function (event) {
    if (event.target.name === "station") choose(event.target, event.target.checked);
    else if (event.target !== search && !event.target.classList.contains("pick")) update(true);
  });
  search.addEventListener("input", filter);
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();  // Enter picks; the form is not sent
    var box = bestMatch();
    if (!box) return;
    choose(box, true);
    search.value = "";
    filter();
    count.textContent = say("chosen", { name: box.dataset[data.lang] });
  });
  form.addEventListener("submit", function (event) {
    // The checkboxes would send list order; the address keeps the order picked.
    event.preventDefault();
    var query = snippets(params()).query;
    location.assign(query ? "?" + query : location.pathname);
  });

  function copied(what) {
    document.getElementById("copied").textContent = say("copied", { what: what });
  }

  document.querySelectorAll("button.copy").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var what = button.getAttribute("data-what");
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.textContent;
      var fallback = function () {
        // Without the Clipboard API (an insecure origin, say): select it and copy that.
        var range = document.createRange();
        range.selectNodeContents(source);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        if (document.execCommand("copy")) copied(what);
        else document.getElementById("copied").textContent = say("copy_by_hand", {});
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { copied(what); }, fallback);
      } else {
        fallback();
      }
    });
  });

  // Snippets pointing at this machine or a private network work for nobody else: say so.
  var host = location.hostname.replace(/^\[|\]$/g, "");
  var LOCAL = new RegExp("^(localhost|127\\.|10\\.|192\\.168\\.|172\\.(1[6-9]|2\\d|3[01])\\.|" +
    "169\\.254\\.|::1$|f[cd][0-9a-f]{2}:|fe80:)|\\.local$|\\.localhost$", "i");
  if (!data.base && LOCAL.test(host)) {
    var note = document.getElementById("address-note");
    note.textContent = note.getAttribute("data-local").replace("{host}", host);
  }
  update(false);
})();
