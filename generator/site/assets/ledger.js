// compliance-ledger: warn when the reader's clock has passed a deadline this build listed as
// upcoming. The page was generated for one instant; after that deadline its "nothing overdue"
// may be false, so a stale build must not look green. No network, no dependencies.
(function () {
  "use strict";
  function check() {
    var stamp = document.querySelector(".ledger-stamp[data-next-due]");
    if (!stamp || document.querySelector(".ledger-stale")) return;
    var due = Date.parse(stamp.getAttribute("data-next-due"));
    if (isNaN(due) || Date.now() <= due) return;
    var banner = document.createElement("div");
    banner.className = "ledger-stale admonition warning";
    banner.setAttribute("role", "alert");
    banner.setAttribute("data-search-exclude", "");
    var title = document.createElement("p");
    title.className = "admonition-title";
    title.textContent = "This page may be out of date";
    var text = document.createElement("p");
    text.textContent = "It shows findings as of " + stamp.getAttribute("data-as-of") +
      ". Since then, a deadline it listed as upcoming has passed: " +
      stamp.getAttribute("data-next-what") + ", due " + stamp.getAttribute("data-next-due") +
      ". Rebuild the site for current findings.";
    banner.appendChild(title);
    banner.appendChild(text);
    stamp.parentNode.insertBefore(banner, stamp.nextSibling);
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(check); // Material's instant navigation swaps pages in place
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", check);
  } else {
    check();
  }
})();
