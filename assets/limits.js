() => {
  /* One rule for every slider on every tab: a number typed beyond the slider's range is set to the nearest
     end (the box shows the value used) and a line under the slider says why. Gradio clamps the number
     itself; this only makes the clamp visible. The line goes when a value in range is typed. */
  const NOTE = "pg-limit-note";
  window.pgLimits = true;
  const sliderBox = input => {
    const block = input.closest(".block");
    return block && block.querySelector("input[type=range]") ? block : null;
  };
  const show = (input, typed) => {
    const block = sliderBox(input);
    if (!block) return;
    const low = Number(input.min), high = Number(input.max);
    let note = block.querySelector("." + NOTE);
    const outside = input.min !== "" && typed < low || input.max !== "" && typed > high;
    if (!outside) { if (note) note.remove(); return; }
    const used = typed > high ? high : low;
    if (!note) {
      note = document.createElement("div");
      note.className = NOTE;
      note.setAttribute("role", "status");
      block.appendChild(note);
    }
    note.textContent = `${typed} is ${typed > high ? "more than the most" : "less than the least"} this ` +
      `setting takes (${used}), so ${used} is used.`;
  };
  const check = event => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "number" || !sliderBox(input)) return;
    if (event.type === "keydown" && event.key !== "Enter") return;
    const raw = input.value.trim();
    if (raw === "" || Number.isNaN(Number(raw))) return;
    show(input, Number(raw));  // read before Gradio clamps the box
  };
  for (const type of ["keydown", "blur", "change"]) document.addEventListener(type, check, true);
}
