// asrefs serve: a dropped file goes to the upload form; the progress page asks how the
// check goes and shows the report when it is done. Nothing here is needed to use the
// app: without script the forms work and the progress page reloads itself.
(function () {
  "use strict";
  var drop = document.getElementById("drop");
  var input = document.getElementById("article");
  if (drop && input) {
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function () { drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        document.getElementById("upload").submit();
      }
    });
  }
  var box = document.getElementById("progress");
  if (!box) { return; }
  var bar = document.getElementById("bar");
  var stage = document.getElementById("stage");
  function ask() {
    fetch("/jobs/" + encodeURIComponent(box.getAttribute("data-job")) + "/progress", { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.state === "done" || data.state === "failed" || data.state === "gone") {
          window.location.reload();
          return;
        }
        var done = 0, total = 0;
        Object.keys(data.stages || {}).forEach(function (name) {
          var s = data.stages[name];
          if (s.total) { done += s.done; total += s.total; }
          stage.textContent = name + ": " + s.done + (s.total ? " / " + s.total : "");
        });
        if (total) { bar.max = total; bar.value = done; }
        window.setTimeout(ask, 400);
      })
      .catch(function () { window.setTimeout(ask, 1000); });
  }
  ask();
})();
