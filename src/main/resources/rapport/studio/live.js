// Live reload: the page was drawn with the templates' stamp in <html data-stamp>; the studio's
// event stream sends the stamp at once and again whenever a template is saved. A different
// stamp means the page is out of date: reload it, keeping the scroll position. A page drawn
// while a count ran (<html data-counting>, the number of counts ended then) reloads as soon as
// the stream reports another.
(function () {
  var root = document.documentElement;
  var drawn = root.getAttribute('data-stamp');
  var counting = root.getAttribute('data-counting');
  if (!drawn || drawn === '0' || !window.EventSource) return;
  var key = 'rapport-studio-scroll:' + location.pathname + location.search;
  var kept = sessionStorage.getItem(key);
  if (kept !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener('load', function () { window.scrollTo(0, Number(kept)); });
  }
  var events = new EventSource('/events');
  function reload() {
    events.close();
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
  events.addEventListener('stamp', function (e) {
    if (e.data !== drawn) reload();
  });
  events.addEventListener('counted', function (e) {
    if (counting !== null && e.data !== counting) reload();
  });
  window.addEventListener('pagehide', function () { events.close(); });
})();
