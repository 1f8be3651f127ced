() => {
  /* One rule for every slider on every tab: a number typed beyond the slider's range is set to the nearest
     end (the box shows the value used) and a line under the slider says why; a value in range takes the
     line away.
     While a person types, a number outside the range (the "1" of "12" may be in range, "12" past a top of 8)
     or no number at all (a lone "-") is held in the box and not passed on, so no change with a value the
     slider cannot take ever reaches the server. On Enter or on leaving the box the held text settles: the
     nearest end of the range, or the last value used when the box holds no number. */
  const NOTE = "pg-limit-note";
  window.pgLimits = true;
  const sliderBox = input => {
    const block = input.closest(".block");
    return block && block.querySelector("input[type=range]") ? block : null;
  };
  const isSliderNumber = input => input instanceof HTMLInputElement && input.type === "number" && sliderBox(input);
  const range = input => ({
    low: input.min === "" ? -Infinity : Number(input.min),
    high: input.max === "" ? Infinity : Number(input.max),
  });
  const parsed = input => {
    const raw = input.value.trim();
    return raw === "" || Number.isNaN(Number(raw)) ? null : Number(raw);
  };
  const note = (input, typed, used) => {
    const block = sliderBox(input);
    let line = block.querySelector("." + NOTE);
    if (used === typed) { if (line) line.remove(); return; }
    if (!line) {
      line = document.createElement("div");
      line.className = NOTE;
      line.setAttribute("role", "status");
      block.appendChild(line);
    }
    const words = window.pgWords ? window.pgWords() : {};  // the page's language (assets/language.js)
    const template = typed > used ? words["common.limit_above"] : words["common.limit_below"];
    line.textContent = template.replaceAll("{typed}", typed).replaceAll("{used}", used);
  };
  const hold = event => {  // capture phase: runs before Gradio's own listeners see the keystroke
    const input = event.target;
    if (!isSliderNumber(input) || event.pgSettled) return;
    const value = parsed(input), { low, high } = range(input);
    if (value === null || value < low || value > high) event.stopImmediatePropagation();
  };
  const settle = event => {
    const input = event.target;
    if (!isSliderNumber(input)) return;
    if (event.type === "keydown" && event.key !== "Enter") return;
    const typed = parsed(input), { low, high } = range(input);
    const slider = sliderBox(input).querySelector("input[type=range]");
    const used = typed === null ? Number(slider.value) : Math.min(Math.max(typed, low), high);
    if (typed !== null) note(input, typed, used);
    if (typed === used) return;
    input.value = String(used);
    const pass = new Event("input", { bubbles: true });
    pass.pgSettled = true;
    input.dispatchEvent(pass);
  };
  document.addEventListener("input", hold, true);
  for (const type of ["keydown", "blur"]) document.addEventListener(type, settle, true);
}
