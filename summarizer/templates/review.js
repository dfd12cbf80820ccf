"use strict";
// The review page: select an item to highlight its span in the source, filter and sort the lists.
// The source arrives cut into <span id="sN"> pieces (cut in Python, where the offsets are code points),
// and data.items maps an item id to its first and last piece, so nothing here counts characters.
(function () {
  const data = JSON.parse(document.getElementById("review-data").textContent);
  const pane = document.getElementById("source");
  const status = document.getElementById("selection");
  let selected = [];
  let selectedRows = [];

  function select(id, kind) {
    for (const piece of selected) piece.classList.remove("sel");
    for (const row of selectedRows) row.classList.remove("selected");
    selected = [];
    selectedRows = Array.from(document.querySelectorAll("tr[data-item]")).filter((r) => r.dataset.item === id);
    for (const row of selectedRows) row.classList.add("selected");
    const range = data.items[id];
    if (!range) {
      status.textContent = id + ": 原文中无位置 no span in the source text";
      return false;
    }
    for (let n = range[0]; n <= range[1]; n++) {
      const piece = document.getElementById("s" + n);
      piece.classList.add("sel");
      selected.push(piece);
    }
    pane.dataset.kind = kind;
    status.textContent = id;
    // The pane is positioned, so a piece's offsetTop is measured from the pane's top.
    pane.scrollTop = Math.max(0, selected[0].offsetTop - pane.clientHeight / 3);
    return true;
  }

  function selectedText() {
    return selected.map((piece) => piece.textContent).join("");
  }

  function onRow(event) {
    const row = event.target.closest("tr[data-item]");
    if (row && (event.type === "click" || event.key === "Enter")) select(row.dataset.item, row.dataset.kind);
  }
  document.addEventListener("click", onRow);
  document.addEventListener("keydown", onRow);

  let collator = null; // made on the first sort: building a Chinese collator takes tens of milliseconds
  for (const section of document.querySelectorAll("section.list")) {
    const table = section.querySelector("table.items");
    if (!table) continue;
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    const texts = new Map(rows.map((row) => [row, row.textContent.toLowerCase()]));
    const shown = section.querySelector(".shown");
    const filter = section.querySelector("input.filter");
    const count = () => {
      shown.textContent = rows.filter((row) => !row.hidden).length + " / " + rows.length;
    };
    filter.addEventListener("input", () => {
      const query = filter.value.trim().toLowerCase();
      for (const row of rows) row.hidden = query !== "" && !texts.get(row).includes(query);
      count();
    });
    count();
    for (const header of table.tHead.rows[0].cells) {
      const sort = () => {
        collator = collator || new Intl.Collator("zh", { numeric: true });
        const col = Number(header.dataset.col);
        const ascending = header.getAttribute("aria-sort") !== "ascending";
        for (const other of header.parentNode.cells) other.removeAttribute("aria-sort");
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const sorted = Array.from(body.rows).sort((a, b) => {
          const order = collator.compare(a.cells[col].textContent, b.cells[col].textContent);
          return ascending ? order : -order;
        });
        body.append(...sorted);
      };
      header.addEventListener("click", sort);
      header.addEventListener("keydown", (event) => event.key === "Enter" && sort());
    }
  }

  // An address ending in #I12 (the comparison page links so) opens with that item selected.
  function selectFromAddress() {
    const id = decodeURIComponent(location.hash.slice(1));
    const row = id && Array.from(document.querySelectorAll("tr[data-item]")).find((r) => r.dataset.item === id);
    if (row) select(id, row.dataset.kind);
  }
  window.addEventListener("hashchange", selectFromAddress);
  selectFromAddress();

  window.review = { select, selectedText };
})();
