/* Ticker widget loader. Each tag
     <script src="https://HOST/embed.js" data-cities="seoul,busan" data-theme="dark" async></script>
   (or data-set="gangwon" for a configured strip, data-show="feels,minmax,air,trend" for extras,
   data-warnings="off" for no warning badges, data-link="https://news.example.com/weather" to
   open that page from the strip, data-theme="host" to take the colours and font names of the
   element the tag sits in)
   becomes its own lazy-loaded iframe of HOST/widget right after the tag. The iframe gets the
   widget's final height at once (it depends on the size only), so the page does not shift when
   it loads; it still follows the height the widget posts (only that iframe is believed). */
(function () {
  "use strict";
  var MESSAGE = "ticker-widget:height";
  // Forwarded as the widget's parameters of the same name (data-set picks a named strip,
  // data-show the extras: feels,minmax,air,trend; data-warnings on or off).
  var OPTIONS = ["cities", "set", "lang", "theme", "speed", "size", "show", "warnings", "bg", "fg",
    "accent", "refresh", "motion", "link", "font"];
  // parse_font in ticker/web/widget/options.py: what the widget accepts of a font-family list.
  var FONT_NAME = /^([A-Za-z0-9][A-Za-z0-9 -]{0,39}|-apple-system)$/;
  var MAX_FONTS = 8, MAX_FONT_CHARS = 200;
  // HEIGHTS in ticker/web/widget/options.py: 3.5 em of each size's font, in CSS px. Only the
  // size changes it: the extras of data-show and the warning badges stay on the strip's line.
  var HEIGHTS = { s: 49, m: 56, l: 63, xl: 77 };
  // FRAME_TITLES in ticker/web/configurator/configuration.py.
  var TITLES = { ko: "날씨 티커 (기상청 제공)", en: "Weather ticker (Korea Meteorological Administration)",
    ja: "天気ティッカー (韓国気象庁提供)", zh: "天气滚动条 (韩国气象厅提供)" };

  function uniqueTitle(title) {
    // Frames need titles that tell them apart (WCAG 4.1.2): a second ticker is "… 2".
    var taken = {};
    Array.prototype.forEach.call(document.getElementsByTagName("iframe"), function (other) {
      taken[other.title] = true;
    });
    var unique = title;
    for (var n = 2; taken[unique]; n++) unique = title + " " + n;
    return unique;
  }

  function place(script, frame) {
    if (document.body) frame.title = uniqueTitle(frame.title);
    if (document.body && document.body.contains(script)) {
      script.parentNode.insertBefore(frame, script.nextSibling);
    } else if (document.body) {
      document.body.appendChild(frame);  // a tag in <head> cannot hold an iframe
    } else {
      document.addEventListener("DOMContentLoaded", function () { place(script, frame); });
    }
  }

  function rgb(value) {
    // "rgb(16, 32, 48)" or "rgba(…, 0.5)" as computed; other colour syntaxes are not followed.
    var m = /^rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)$/.exec(value);
    return m && [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
  }

  function hex(color) {
    return "#" + color.slice(0, 3).map(function (c) { return (c | 256).toString(16).slice(1); })
      .join("");
  }

  function fontNames(family) {
    // Family names only, unquoted, those the widget accepts; nothing is loaded.
    var names = family.split(",").map(function (name) {
      return name.trim().replace(/^["']|["']$/g, "");
    }).filter(function (name) { return FONT_NAME.test(name); }).slice(0, MAX_FONTS);
    while (names.join(",").length > MAX_FONT_CHARS) names.pop();
    return names.join(",");
  }

  function followHost(script, url) {
    // data-theme="host": the text colour and font of the element the strip goes in, and the
    // first background (mostly) opaque from there up; the page's canvas is taken as white.
    var element = document.body && document.body.contains(script) ? script.parentElement :
      document.body || document.documentElement;
    var style = getComputedStyle(element), bg = [255, 255, 255], fg = rgb(style.color);
    for (var e = element; e; e = e.parentElement) {
      var color = rgb(getComputedStyle(e).backgroundColor);
      if (color && color[3] >= 0.5) { bg = color; break; }
    }
    // The theme gives the accent and warning colours: dark ones on a dark background.
    var dark = 0.2126 * bg[0] + 0.7152 * bg[1] + 0.0722 * bg[2] < 128;
    var chosen = { theme: dark ? "dark" : "light", bg: hex(bg), fg: fg && hex(fg),
      font: fontNames(style.fontFamily) };
    Object.keys(chosen).forEach(function (name) {
      // Colours the tag names itself win over the host's.
      if (chosen[name] && !script.hasAttribute("data-" + name) || name === "theme") {
        url.searchParams.set(name, chosen[name]);
      }
    });
  }

  function mount(script) {
    if (script.hasAttribute("data-ticker-mounted")) return;
    script.setAttribute("data-ticker-mounted", "");
    var url = new URL("widget", script.src);
    OPTIONS.forEach(function (name) {
      var value = script.getAttribute("data-" + name);
      if (value !== null) url.searchParams.set(name, value);
    });
    if (script.getAttribute("data-theme") === "host") followHost(script, url);
    // Pages without an origin of their own (file:, sandboxed) cannot be named as the target.
    if (window.location.origin && window.location.origin !== "null") {
      url.searchParams.set("parent", window.location.origin);
    }
    var frame = document.createElement("iframe");
    frame.setAttribute("loading", "lazy");
    var lang = script.getAttribute("data-lang");
    frame.title = TITLES.hasOwnProperty(lang) ? TITLES[lang] : TITLES.ko;
    frame.style.display = "block";
    frame.style.width = "100%";
    var size = script.getAttribute("data-size");
    frame.style.height = (HEIGHTS.hasOwnProperty(size) ? HEIGHTS[size] : HEIGHTS.m) + "px";
    frame.style.border = "0";
    frame.src = url.href;
    window.addEventListener("message", function (event) {
      if (event.origin !== url.origin || event.source !== frame.contentWindow) return;
      var message = event.data;
      if (!message || message.type !== MESSAGE || typeof message.height !== "number" ||
          !isFinite(message.height)) return;
      frame.style.height = Math.min(Math.max(Math.ceil(message.height), 16), 2000) + "px";
    });
    place(script, frame);
  }

  // Set for every classic script, async or not, while its top level runs; absent only in a
  // module or a shadow tree, where nothing says which tag this is.
  var current = document.currentScript;
  if (!current) return;
  // Async tags run in any order, each with its own currentScript. A loader may run the file once
  // for several identical tags, so mount every tag with this source; none is mounted twice.
  var tags = document.getElementsByTagName("script");
  for (var i = 0; i < tags.length; i++) {
    if (tags[i] === current || tags[i].src === current.src) mount(tags[i]);
  }
})();
