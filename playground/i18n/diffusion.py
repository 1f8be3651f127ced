"""The diffusion texts, in English (EN) and Spanish (ES): see playground/i18n/__init__.py."""

EN: dict[str, str] = {
    # the tab's layout (component text, translated in the browser)
    "diffusion.intro": "A tiny text-to-image diffusion model (a transformer text encoder feeding a diffusers UNet "
                       "through cross-attention), trained on handwritten digits. Type a prompt, press Generate and "
                       "watch every denoising step: the noisy sample x_t and the clean image the model predicts "
                       "from it.",
    "diffusion.what_title": "What is diffusion?",
    "diffusion.what_text": "Training starts from a clean digit and adds a little noise at every step, until only "
                           "noise is left: the **forward process**. The model learns to undo one small step: shown "
                           "a noisy picture, it guesses the noise in it. To make a new digit we go backwards (the "
                           "**reverse process**): start from pure noise and take away a bit of the guessed noise at "
                           "every step. **x_t** is the noisy picture at step t; **x₀** is the clean picture the "
                           "model thinks is hidden under the noise. Text to image takes three steps: **1** encode "
                           "the text into numbers, **2** sample random noise, **3** denoise it step by step while "
                           "the text steers every step. The strip above the pictures shows which one is running.",
    "diffusion.prompt_label": "Prompt (numerals, English or Spanish: “a handwritten seven”, “the digit 7”, "
                              "“un siete”)",
    "diffusion.default_prompt": "a handwritten seven",
    "diffusion.pick_label": "…or pick a digit",
    "diffusion.form_label": "written as",
    "diffusion.form_numeral": "numeral",
    "diffusion.form_english": "English",
    "diffusion.form_spanish": "Spanish",
    "diffusion.images": "Images",
    "diffusion.steps": "Steps",
    "diffusion.scheduler": "Scheduler",
    "diffusion.scheduler_info": "The sampler: how much noise each step takes away. DDPM adds a little fresh noise "
                                "back each step; DDIM does not, so it needs fewer steps",
    "diffusion.guidance": "Guidance scale",
    "diffusion.guidance_info": "Classifier-free guidance: how hard the prompt steers",
    "diffusion.seed": "Seed",
    "diffusion.seed_info": "The starting noise: same seed, same images",
    "diffusion.randomize": "Randomize",
    "diffusion.generate": "Generate",
    "diffusion.stop": "Stop",
    "diffusion.press_generate": "Press Generate to watch the noise turn into digits.",
    "diffusion.scrub": "Scrub through the steps (after a run)",
    "diffusion.gallery": "Final images (click to enlarge, download)",
    "diffusion.gif": "The run as a GIF (x_t above x₀)",
    "diffusion.attention_title": "Cross-attention: which pixels look at which word",
    "diffusion.step": "Step",
    "diffusion.image": "Image",
    "diffusion.show": "Show",
    "diffusion.compare_title": "Guidance: the same seed at guidance",
    "diffusion.compare_text": "At every step the model guesses the noise twice: once reading your prompt and once "
                              "with an empty prompt. **Classifier-free guidance** pushes the answer away from the "
                              "empty guess, towards the prompt, by the guidance scale: 0 ignores the prompt, 1 "
                              "follows it plainly, bigger numbers follow it harder (and the digits get bolder and "
                              "less varied).",
    "diffusion.compare": "Compare",
    "diffusion.guidance_word": "guidance",
    "diffusion.forward_title": "The forward process: add noise to a digit, then denoise from there",
    "diffusion.forward_text": "Pick a **timestep** t from 0 to 999 and see the digit with that much noise. "
                              "**β_t** is the small amount of noise added at step t; **ᾱ_t** is the share of the "
                              "digit still left after all steps up to t (1 at the start, near 0 at the end). "
                              "**SNR** (signal-to-noise ratio) is ᾱ_t/(1−ᾱ_t): large while the digit is clear, tiny "
                              "once it is mostly noise. Then press the button below to let the model denoise from "
                              "that point.",
    "diffusion.upload": "Or upload an image of a digit",
    "diffusion.use_last": "Or use the first image of the last run",
    "diffusion.t_label": "t (noise level)",
    "diffusion.t_info": "The timestep: 0 is the clean digit, 999 almost pure noise",
    "diffusion.from_here": "Denoise from here (with the prompt and settings above)",
    # what the server writes
    "diffusion.not_numbers": "images, steps, guidance and seed must be numbers",
    "diffusion.reading": "Reading the prompt…",
    "diffusion.attention_first": "Generate first: the maps are for a step of the last run.",
    "diffusion.no_clean": "Draw a digit, upload one, or use an image of the last run.",
    "diffusion.no_clean_first": "Draw a digit, upload one, or use an image of the last run first.",
    "diffusion.no_run_image": "Generate first: there is no image from a run yet.",
    "diffusion.forward_note": "Left: x₀. Right: x_t at t = {t}: √ᾱ = {signal:.3f} of the digit, √(1−ᾱ) = "
                              "{noise:.3f} of noise.",
    "diffusion.alpha_bar_legend": "ᾱ_t (signal kept)",
    "diffusion.beta_legend": "β_t (noise added)",
    "diffusion.snr_legend": "SNR (log)",
    "diffusion.timestep_axis": "timestep t",
    "diffusion.empty_prompt": "(empty prompt: the unconditional model)",
    "diffusion.chips_legend": "blue: the digit; grey: phrase words the model knows; <s>struck</s>: ignored (unknown "
                              "to the model, or past its {limit}-word limit)",
    "diffusion.encoding_title": "Text encoder output per token (what the UNet's cross-attention reads)",
    "diffusion.dimension": "dimension",
    "diffusion.x0_at_step": "x₀ at this step",
    "diffusion.attention_at": "Cross-attention at step {step} (averaged over heads and layers)",
    "diffusion.starting_noise": "the starting noise",
    "diffusion.step_of": "step {step} of {total}, timestep t = {t}",
    "diffusion.alpha_bar_svg": "ᾱ_t: the share of the signal kept at timestep t",
    "diffusion.x_t_caption": "the noisy sample at this step",
    "diffusion.x0_caption": "the clean image the model predicts from it",
    "diffusion.denoising": "Denoising… ({note})",
    "diffusion.done": "Done: {steps} steps in {seconds:.1f} s ({scheduler}, guidance {guidance:g}, seed {seed}). "
                      "The prompt: {note}. Scrub through the steps below.",
    "diffusion.stopped": "Stopped: {steps} steps in {seconds:.1f} s ({scheduler}, guidance {guidance:g}, seed "
                         "{seed}). The prompt: {note}. Scrub through the steps below.",
    "diffusion.guidance_caption": "guidance {g:g}",
    "diffusion.comparing": "Comparing guidance: the same seed at guidance {g:g} ({i} of {n})…",
    "diffusion.compared": "Done: the same seed at guidance {done} in {seconds:.1f} s. The pictures are below, in "
                          "the comparison.",
    "diffusion.compare_stopped": "Stopped at guidance {g:g} ({i} of {n}) after {seconds:.1f} s; compared so far: "
                                 "guidance {done}.",
    "diffusion.stages": "Text to image",
    "diffusion.stage_1": "Encode the text",
    "diffusion.stage_2": "Sample noise",
    "diffusion.stage_3": "Denoise step by step",
    "diffusion.stage_1_help": "The text encoder turns the prompt's words into numbers the UNet can read.",
    "diffusion.stage_2_help": "Random noise, picked by the seed: the starting x_t.",
    "diffusion.stage_3_help": "At every step the UNet guesses the noise and the sampler takes some of it away.",
    "diffusion.terms": "Words",
    # the model's reading of the prompt (playground.diffusion.sample.describe)
    "diffusion.note_unconditional": "no words the model knows: sampling unconditionally (any digit)",
    "diffusion.note_no_digit": "the prompt names no digit: the model sees only phrase words, so the digit is up to "
                               "chance",
    "diffusion.note_asks": "asks for {digits}",
    "diffusion.note_one_digit": " (the model was trained on one digit per prompt)",
    "diffusion.note_unknown": "; ignored unknown words: {words}",
    "diffusion.note_dropped": "; read only the first {count} known words",
    # errors (playground.diffusion)
    "diffusion.prompt_not_text": "the prompt must be text",
    "diffusion.prompt_too_long": "the prompt has {length:,} characters; this model reads short phrases (at most "
                                 "{most}), such as \"a handwritten seven\"",
    "diffusion.unknown_scheduler": "unknown scheduler {name!r}; choose one of: {names}",
    "diffusion.bad_images": "number of images must be 1–{most}, got {value}",
    "diffusion.bad_steps": "steps must be 1–{most} (the model knows {most} noise levels), got {value}",
    "diffusion.bad_seed": "the seed must be a whole number from 0 to 2⁶³ − 1, got {value}",
    "diffusion.bad_guidance": "guidance must be 0–{most:g} (0: ignore the prompt, 1: plain conditional, 3–7: follow "
                              "it closely), got {value}",
    "diffusion.bad_t": "t must be 0–{most}, got {value}",
    "diffusion.model_vocabulary": "{path} was trained with another vocabulary than this version's",
    "diffusion.model_unreadable": "the diffusion model in {folder} could not be read ({reason}); train one with "
                                  "python -m playground.diffusion.train",
    # one-line definitions, shown where the terms appear
    "diffusion.def_x_t": "x_t: the picture at timestep t, part digit and part noise",
    "diffusion.def_x0": "x₀: the clean picture with no noise; while denoising, the model's guess of it",
    "diffusion.def_beta": "β_t: how much new noise the forward process adds at timestep t",
    "diffusion.def_alpha_bar": "ᾱ_t: the share of the original picture still left at timestep t",
    "diffusion.def_snr": "SNR, signal-to-noise ratio: ᾱ_t/(1−ᾱ_t), how much picture there is compared to noise",
    "diffusion.def_timestep": "Timestep: how far along the noising is, from 0 (clean) to 999 (pure noise)",
    "diffusion.term_timestep": "timestep",
}

ES: dict[str, str] = {
    "diffusion.intro": "Un modelo de difusión de texto a imagen diminuto (un codificador de texto transformer que "
                       "alimenta una UNet de diffusers mediante atención cruzada), entrenado con dígitos escritos a "
                       "mano. Escribe un texto inicial (prompt), pulsa Generar y mira cada paso de eliminación de "
                       "ruido: la muestra ruidosa x_t y la imagen limpia que el modelo predice a partir de ella.",
    "diffusion.what_title": "¿Qué es la difusión?",
    "diffusion.what_text": "El entrenamiento parte de un dígito limpio y le añade un poco de ruido en cada paso, "
                           "hasta que solo queda ruido: el **proceso directo**. El modelo aprende a deshacer un "
                           "paso pequeño: ante una imagen ruidosa, adivina el ruido que lleva. Para crear un dígito "
                           "nuevo vamos hacia atrás (el **proceso inverso**): partimos de ruido puro y en cada paso "
                           "quitamos un poco del ruido adivinado. **x_t** es la imagen ruidosa en el paso t; **x₀** "
                           "es la imagen limpia que el modelo cree que hay bajo el ruido. De texto a imagen hay tres "
                           "pasos: **1** codificar el texto en números, **2** tomar ruido al azar, **3** quitarle el "
                           "ruido paso a paso mientras el texto guía cada paso. La tira sobre las imágenes muestra "
                           "cuál está en marcha.",
    "diffusion.prompt_label": "Texto inicial (prompt) (cifras, inglés o español: «un siete escrito a mano», «el "
                              "dígito 7», «a handwritten seven»)",
    "diffusion.default_prompt": "un siete escrito a mano",
    "diffusion.pick_label": "…o elige un dígito",
    "diffusion.form_label": "escrito como",
    "diffusion.form_numeral": "cifra",
    "diffusion.form_english": "inglés",
    "diffusion.form_spanish": "español",
    "diffusion.images": "Imágenes",
    "diffusion.steps": "Pasos",
    "diffusion.scheduler": "Planificador",
    "diffusion.scheduler_info": "El muestreador: cuánto ruido quita cada paso. DDPM vuelve a añadir un poco de ruido "
                                "nuevo en cada paso; DDIM no, así que necesita menos pasos",
    "diffusion.guidance": "Escala de guía",
    "diffusion.guidance_info": "Guía sin clasificador: cuánto manda el texto",
    "diffusion.seed": "Semilla",
    "diffusion.seed_info": "El ruido inicial: misma semilla, mismas imágenes",
    "diffusion.randomize": "Al azar",
    "diffusion.generate": "Generar",
    "diffusion.stop": "Detener",
    "diffusion.press_generate": "Pulsa Generar para ver cómo el ruido se convierte en dígitos.",
    "diffusion.scrub": "Recorre los pasos (después de una ejecución)",
    "diffusion.gallery": "Imágenes finales (haz clic para ampliar, descargar)",
    "diffusion.gif": "La ejecución como GIF (x_t encima de x₀)",
    "diffusion.attention_title": "Atención cruzada: qué píxeles miran a qué palabra",
    "diffusion.step": "Paso",
    "diffusion.image": "Imagen",
    "diffusion.show": "Mostrar",
    "diffusion.compare_title": "Guía: la misma semilla con guía",
    "diffusion.compare_text": "En cada paso el modelo adivina el ruido dos veces: una leyendo tu texto inicial y otra "
                              "con un texto vacío. La **guía sin clasificador** aleja la respuesta de la adivinanza "
                              "vacía, hacia el texto, según la escala de guía: 0 ignora el texto, 1 lo sigue sin "
                              "más, números mayores lo siguen con más fuerza (y los dígitos salen más gruesos y "
                              "menos variados).",
    "diffusion.compare": "Comparar",
    "diffusion.guidance_word": "guía",
    "diffusion.forward_title": "El proceso directo: añade ruido a un dígito y quítalo desde ahí",
    "diffusion.forward_text": "Elige un **instante** t de 0 a 999 y mira el dígito con esa cantidad de ruido. "
                              "**β_t** es la pequeña cantidad de ruido que se añade en el paso t; **ᾱ_t** es la parte "
                              "del dígito que aún queda tras todos los pasos hasta t (1 al principio, casi 0 al "
                              "final). La **SNR** (relación señal-ruido) es ᾱ_t/(1−ᾱ_t): grande mientras el dígito "
                              "se ve claro, diminuta cuando es casi todo ruido. Luego pulsa el botón de abajo para "
                              "que el modelo quite el ruido desde ese punto.",
    "diffusion.upload": "O carga una imagen de un dígito",
    "diffusion.use_last": "O usa la primera imagen de la última ejecución",
    "diffusion.t_label": "t (nivel de ruido)",
    "diffusion.t_info": "El instante: 0 es el dígito limpio, 999 casi ruido puro",
    "diffusion.from_here": "Quitar el ruido desde aquí (con el texto y los ajustes de arriba)",
    "diffusion.not_numbers": "imágenes, pasos, guía y semilla deben ser números",
    "diffusion.reading": "Leyendo el texto inicial…",
    "diffusion.attention_first": "Genera primero: los mapas son de un paso de la última ejecución.",
    "diffusion.no_clean": "Dibuja un dígito, carga uno o usa una imagen de la última ejecución.",
    "diffusion.no_clean_first": "Primero dibuja un dígito, carga uno o usa una imagen de la última ejecución.",
    "diffusion.no_run_image": "Genera primero: aún no hay ninguna imagen de una ejecución.",
    "diffusion.forward_note": "Izquierda: x₀. Derecha: x_t en t = {t}: √ᾱ = {signal:.3f} del dígito, √(1−ᾱ) = "
                              "{noise:.3f} de ruido.",
    "diffusion.alpha_bar_legend": "ᾱ_t (señal que queda)",
    "diffusion.beta_legend": "β_t (ruido añadido)",
    "diffusion.snr_legend": "SNR (log)",
    "diffusion.timestep_axis": "instante t",
    "diffusion.empty_prompt": "(texto vacío: el modelo sin condición)",
    "diffusion.chips_legend": "azul: el dígito; gris: palabras de frase que el modelo conoce; <s>tachadas</s>: "
                              "ignoradas (desconocidas para el modelo, o más allá de su límite de {limit} palabras)",
    "diffusion.encoding_title": "Salida del codificador de texto por token (lo que lee la atención cruzada de la UNet)",
    "diffusion.dimension": "dimensión",
    "diffusion.x0_at_step": "x₀ en este paso",
    "diffusion.attention_at": "Atención cruzada en el paso {step} (promedio de cabezas y capas)",
    "diffusion.starting_noise": "el ruido inicial",
    "diffusion.step_of": "paso {step} de {total}, instante t = {t}",
    "diffusion.alpha_bar_svg": "ᾱ_t: la parte de la señal que queda en el instante t",
    "diffusion.x_t_caption": "la muestra ruidosa en este paso",
    "diffusion.x0_caption": "la imagen limpia que el modelo predice a partir de ella",
    "diffusion.denoising": "Quitando el ruido… ({note})",
    "diffusion.done": "Hecho: {steps} pasos en {seconds:.1f} s ({scheduler}, guía {guidance:g}, semilla {seed}). "
                      "El texto inicial: {note}. Recorre los pasos abajo.",
    "diffusion.stopped": "Detenido: {steps} pasos en {seconds:.1f} s ({scheduler}, guía {guidance:g}, semilla "
                         "{seed}). El texto inicial: {note}. Recorre los pasos abajo.",
    "diffusion.guidance_caption": "guía {g:g}",
    "diffusion.comparing": "Comparando la guía: la misma semilla con guía {g:g} ({i} de {n})…",
    "diffusion.compared": "Hecho: la misma semilla con guía {done} en {seconds:.1f} s. Las imágenes están abajo, "
                          "en la comparación.",
    "diffusion.compare_stopped": "Detenido en la guía {g:g} ({i} de {n}) tras {seconds:.1f} s; comparado hasta "
                                 "ahora: guía {done}.",
    "diffusion.stages": "De texto a imagen",
    "diffusion.stage_1": "Codificar el texto",
    "diffusion.stage_2": "Tomar ruido",
    "diffusion.stage_3": "Quitar ruido paso a paso",
    "diffusion.stage_1_help": "El codificador de texto convierte las palabras del texto inicial en números que la "
                              "UNet puede leer.",
    "diffusion.stage_2_help": "Ruido al azar, elegido por la semilla: el x_t de partida.",
    "diffusion.stage_3_help": "En cada paso la UNet adivina el ruido y el muestreador quita una parte.",
    "diffusion.terms": "Términos",
    "diffusion.note_unconditional": "ninguna palabra que el modelo conozca: muestreo sin condición (cualquier dígito)",
    "diffusion.note_no_digit": "el texto inicial no nombra ningún dígito: el modelo solo ve palabras de frase, así "
                               "que el dígito queda al azar",
    "diffusion.note_asks": "pide {digits}",
    "diffusion.note_one_digit": " (el modelo se entrenó con un dígito por texto)",
    "diffusion.note_unknown": "; palabras desconocidas ignoradas: {words}",
    "diffusion.note_dropped": "; solo se leyeron las primeras {count} palabras conocidas",
    "diffusion.prompt_not_text": "el texto inicial debe ser texto",
    "diffusion.prompt_too_long": "el texto inicial tiene {length:,} caracteres; este modelo lee frases cortas (como "
                                 "mucho {most}), como \"un siete escrito a mano\"",
    "diffusion.unknown_scheduler": "planificador desconocido {name!r}; elige uno de: {names}",
    "diffusion.bad_images": "el número de imágenes debe ser de 1 a {most}, no {value}",
    "diffusion.bad_steps": "los pasos deben ser de 1 a {most} (el modelo conoce {most} niveles de ruido), no {value}",
    "diffusion.bad_seed": "la semilla debe ser un número entero de 0 a 2⁶³ − 1, no {value}",
    "diffusion.bad_guidance": "la guía debe ser de 0 a {most:g} (0: ignora el texto, 1: condicional sin más, 3–7: "
                              "lo sigue de cerca), no {value}",
    "diffusion.bad_t": "t debe ser de 0 a {most}, no {value}",
    "diffusion.model_vocabulary": "{path} se entrenó con otro vocabulario que el de esta versión",
    "diffusion.model_unreadable": "no se pudo leer el modelo de difusión de {folder} ({reason}); entrena uno con "
                                  "python -m playground.diffusion.train",
    "diffusion.def_x_t": "x_t: la imagen en el instante t, en parte dígito y en parte ruido",
    "diffusion.def_x0": "x₀: la imagen limpia, sin ruido; mientras se quita el ruido, lo que el modelo cree que es",
    "diffusion.def_beta": "β_t: cuánto ruido nuevo añade el proceso directo en el instante t",
    "diffusion.def_alpha_bar": "ᾱ_t: la parte de la imagen original que aún queda en el instante t",
    "diffusion.def_snr": "SNR, relación señal-ruido: ᾱ_t/(1−ᾱ_t), cuánta imagen hay comparada con el ruido",
    "diffusion.def_timestep": "Instante (timestep): cuánto se ha avanzado en añadir ruido, de 0 (limpio) a 999 "
                              "(ruido puro)",
    "diffusion.term_timestep": "instante",
}
