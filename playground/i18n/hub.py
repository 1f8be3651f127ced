"""The texts of Hugging Face Hub models in the Next-word tab (loading, refusals, the logit lens, a continuation's
probability), in English (EN) and Spanish (ES): see playground/i18n/__init__.py."""

EN: dict[str, str] = {
    # ---- refusals (playground/hub/lm.py)
    "hub.bad_repo": "{repo!r} is not a Hugging Face repo id: write it as owner/name, e.g. openai-community/gpt2.",
    "hub.missing": "There is no model {repo} on the Hugging Face Hub (or it is private): check the spelling.",
    "hub.gated": "{repo} is gated on the Hugging Face Hub: its owners must grant access first, so it cannot be "
                 "opened here. Try another model.",
    "hub.unreachable": "The Hugging Face Hub can't be reached, and {repo} is not on this machine yet; the shipped "
                       "models still work.",
    "hub.not_causal": "{repo} is not a causal language model (it is {kind}): the next word needs a model that reads "
                      "left to right, such as GPT-2, Llama or SmolLM.",
    "hub.too_big": "{repo} has {size} parameters, over this server's cap of {cap} (PLAYGROUND_MAX_HUB_PARAMS): it "
                   "would be too slow here. Pick a smaller model.",
    "hub.no_lens": "The logit lens needs the model's final norm and output layer; {repo} does not show them.",
    "hub.type_continuation": "Type the words whose probability you want after the prompt.",
    "hub.hub_only": "The logit lens and a continuation's probability are for Hugging Face models: pick one in Model.",
    # ---- the page (playground/ui/next_word.py)
    "hub.repo": "Hugging Face model",
    "hub.repo_info": "Any causal language model on the Hub, as owner/name (e.g. openai-community/gpt2); press "
                     "Enter to use it. The first use downloads it.",
    "hub.loading": "Loading {repo} from the Hugging Face Hub (the first time it downloads; a minute or so)…",
    "hub.downloading": "Downloading {repo} from the Hugging Face Hub: {done} of {total} ({percent}%), "
                       "{files_done} of {files} files, {speed}/s. Only the first time: then it is read from this machine.",
    "hub.ready": "{repo}: {size} parameters, on {device}. Its tokens are its own (BPE pieces: · is a space).",
    "hub.note_inside": "A Hugging Face model: look at its attention and its logit lens. Positions, gates and nearest "
                       "words are for the toy models.",
    "hub.tab_lens": "Logit lens",
    "hub.lens_what": "Each row is a layer, each column a position of the prompt. A cell shows the word the model "
                     "would predict next if it stopped after that layer: the layer's output goes through the final "
                     "norm and the output layer. Early layers guess roughly; the last row is the model's real "
                     "answer. Darker: more sure.",
    "hub.show_lens": "Show the logit lens",
    "hub.lens_title": "Logit lens: the likeliest next token after each layer (rows) at each position (columns)",
    "hub.layer": "layer {layer}",
    "hub.continuation": "Continuation",
    "hub.continuation_info": "Words that might follow the prompt: how likely does the model find them?",
    "hub.continuation_btn": "Probability",
    "hub.continuation_result": "P({text} | prompt) = {probability}, token by token: {tokens}",
}

ES: dict[str, str] = {
    "hub.bad_repo": "{repo!r} no es un identificador de Hugging Face: escríbelo como dueño/nombre, p. ej. "
                    "openai-community/gpt2.",
    "hub.missing": "No hay ningún modelo {repo} en el Hub de Hugging Face (o es privado): revisa cómo se escribe.",
    "hub.gated": "{repo} tiene acceso restringido en el Hub de Hugging Face: sus dueños deben concederlo antes, así "
                 "que aquí no se puede abrir. Prueba otro modelo.",
    "hub.unreachable": "No se puede llegar al Hub de Hugging Face y {repo} aún no está en esta máquina; los modelos "
                       "incluidos siguen funcionando.",
    "hub.not_causal": "{repo} no es un modelo de lenguaje causal (es {kind}): la siguiente palabra necesita un "
                      "modelo que lea de izquierda a derecha, como GPT-2, Llama o SmolLM.",
    "hub.too_big": "{repo} tiene {size} parámetros, más que el límite de este servidor, {cap} "
                   "(PLAYGROUND_MAX_HUB_PARAMS): aquí iría demasiado lento. Elige un modelo más pequeño.",
    "hub.no_lens": "La lente de logits necesita la norma final y la capa de salida del modelo; {repo} no las muestra.",
    "hub.type_continuation": "Escribe las palabras cuya probabilidad quieres tras el texto.",
    "hub.hub_only": "La lente de logits y la probabilidad de una continuación son para modelos de Hugging Face: elige "
                    "uno en Modelo.",
    "hub.repo": "Modelo de Hugging Face",
    "hub.repo_info": "Cualquier modelo de lenguaje causal del Hub, como dueño/nombre (p. ej. openai-community/gpt2); "
                     "pulsa Intro para usarlo. El primer uso lo descarga.",
    "hub.loading": "Cargando {repo} desde el Hub de Hugging Face (la primera vez se descarga; un minuto o así)…",
    "hub.downloading": "Descargando {repo} desde el Hub de Hugging Face: {done} de {total} ({percent} %), "
                       "{files_done} de {files} archivos, {speed}/s. Solo la primera vez: luego se lee de esta máquina.",
    "hub.ready": "{repo}: {size} parámetros, en {device}. Sus tokens son los suyos (trozos BPE: · es un espacio).",
    "hub.note_inside": "Un modelo de Hugging Face: mira su atención y su lente de logits. Las posiciones, las puertas "
                       "y las palabras cercanas son para los modelos de juguete.",
    "hub.tab_lens": "Lente de logits",
    "hub.lens_what": "Cada fila es una capa y cada columna una posición del texto. Una celda muestra la palabra que "
                     "el modelo predeciría si se detuviera tras esa capa: la salida de la capa pasa por la norma "
                     "final y la capa de salida. Las primeras capas adivinan a grandes rasgos; la última fila es la "
                     "respuesta real del modelo. Más oscuro: más seguro.",
    "hub.show_lens": "Mostrar la lente de logits",
    "hub.lens_title": "Lente de logits: el token siguiente más probable tras cada capa (filas) en cada posición "
                      "(columnas)",
    "hub.layer": "capa {layer}",
    "hub.continuation": "Continuación",
    "hub.continuation_info": "Palabras que podrían seguir al texto: ¿qué probabilidad les da el modelo?",
    "hub.continuation_btn": "Probabilidad",
    "hub.continuation_result": "P({text} | texto) = {probability}, token a token: {tokens}",
}
