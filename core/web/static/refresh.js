// While a message is still being sent, look again every two seconds (the page works without this).
(function () {
  var link = document.querySelector("[data-refresh]");
  if (link) { window.setTimeout(function () { window.location.reload(); }, 2000); }
})();
