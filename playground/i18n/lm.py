"""The language-model core's texts (training status, results, errors), in English (EN) and Spanish (ES): see
playground/i18n/__init__.py."""

EN: dict[str, str] = {
    # ---- corpora (playground/text/corpus.py)
    "lm.no_corpus": "There is no built-in text called {key!r}; choose one of: {choices}.",
    "lm.book_unavailable": "{title} is not on this machine and could not be downloaded: {why}. Download {url} and "
                           "save it as {filename} in the folder {folder}, then try again.",
    "lm.why_offline": "{host} could not be reached (is this machine offline?)",
    "lm.why_http": "the server answered {code} {reason}",
    "lm.why_connection": "the connection to {host} failed during the download",
    "lm.why_not_book": "the server sent something that is not the book",
    "lm.why_no_download": "downloading was turned off",
    "lm.book_not_utf8": "The file {path} is not UTF-8 text, so it is not the {title} this app expects. Delete it and "
                        "download {url} again, or save it there as UTF-8.",
    "lm.text_too_big": "This text is {size:.1f} MB; the largest this app accepts is {limit:.1f} MB. Use a shorter "
                       "excerpt.",
    "lm.file_binary": "This file looks like {kind}, not plain text. Save your text as a plain .txt file (UTF-8) and "
                      "upload that.",
    "lm.kind_png": "a PNG image",
    "lm.kind_jpeg": "a JPEG image",
    "lm.kind_gif": "a GIF image",
    "lm.kind_pdf": "a PDF document",
    "lm.kind_zip": "a ZIP archive (a Word or OpenDocument file is one)",
    "lm.kind_gzip": "a gzip archive",
    "lm.kind_rtf": "an RTF document",
    "lm.kind_binary": "a binary file",
    "lm.file_not_utf8": "This file is not UTF-8 text (byte {byte:,} is not valid UTF-8; it may be Latin-1 or "
                        "Windows-1252). Open it in a text editor, save it with the UTF-8 encoding, and upload it "
                        "again.",
    "lm.text_nul": "This text contains NUL characters, so it is not plain text. Paste plain text.",
    "lm.text_too_short_one": "This text has {words:,} word ({chars:,} characters). A language model needs at least "
                             "{least_words} words and {least_chars} characters to learn from; paste a longer text.",
    "lm.text_too_short": "This text has {words:,} words ({chars:,} characters). A language model needs at least "
                         "{least_words} words and {least_chars} characters to learn from; paste a longer text.",
    "lm.split_too_short": "This text is too short to split into training and validation parts.",
    "lm.split_note": "Training: characters 1 to {cut:,}; validation: the last {n_val:,} characters ({share:.0%}), "
                     "from character {first:,} of {total:,} on.",
    # ---- preparing a text (playground/text/data.py)
    "lm.context_shortened": "The context was shortened from {wanted} to {fits} tokens: the validation part has "
                            "{n_val:,} tokens and must hold at least {windows} contexts.",
    "lm.val_too_short": "The validation part of this text (its end) has {n_val:,} tokens; scoring a model needs at "
                        "least {need}. Add about {more:,.0f} more words.",
    "lm.bad_tokenizer_option": "tokenizer must be one of {choices}",
    "lm.min_freq_once": "The training part has {words:,} word tokens, so every word seen at least once is learned "
                        "(the books keep words seen {books} times).",
    "lm.min_freq_times": "The training part has {words:,} word tokens, so every word seen at least {times} times is "
                         "learned (the books keep words seen {books} times).",
    "lm.small_validation": "Validation is the last fifth of this short text (a tenth for the books).",
    # ---- model settings (playground/text/models.py)
    "lm.bad_arch": "the architecture must be one of {choices}, not {arch!r}",
    "lm.not_whole": "{what} must be a whole number, not {value!r}",
    "lm.too_small": "{what} must be at least {least}, not {value}",
    "lm.what_vocab": "the vocabulary size",
    "lm.what_layers": "the number of layers",
    "lm.what_width": "the width (n_embd)",
    "lm.what_context": "the context length",
    "lm.what_heads": "the number of attention heads",
    "lm.what_hidden": "the hidden size",
    "lm.bad_dropout": "dropout must be a number from 0 up to (not including) 1, not {value!r}",
    "lm.bad_tie": "tie_weights must be true or false, not {value!r}",
    "lm.heads_split": "the width {width} does not split evenly into {heads} attention heads: pick a width that is a "
                      "multiple of {heads}, or another head count",
    "lm.bad_positions": "positions must be 'learned' or 'sinusoidal', not {value!r}",
    "lm.tied_sizes": "tied weights need the hidden size ({hidden}) to equal the embedding width ({width}): make them "
                     "equal, or untie the weights",
    "lm.input_too_long": "the input is {length} tokens long but this model reads at most {block} at once (its "
                         "context length): use the last ones only",
    "lm.too_big": "that network would have {count:,} parameters; this server trains at most {cap:,}: make it "
                  "narrower or shallower, or use a smaller vocabulary",
    # ---- asking a model (playground/text/sample.py, inside.py)
    "lm.empty_prompt": "the prompt is empty: type at least one word for the model to continue",
    "lm.prompt_outside_vocab": "token id {id} is outside this model's vocabulary of {size} tokens: use the tokenizer "
                               "the model was trained with",
    "lm.bad_temperature": "the temperature must be 0 or more, not {value}",
    "lm.bad_k": "k must be 0 or more, not {value}",
    "lm.bad_length": "the length must be 0 or more tokens, not {value}",
    "lm.bad_top_k": "top-k must be at least 1 (or off), not {value}",
    "lm.bad_top_p": "top-p must be above 0 and at most 1 (or off), not {value}",
    "lm.only_for": "{what} exist only for {needs}; this model is {kind!r}",
    "lm.what_attention": "attention maps",
    "lm.what_positions": "position encodings",
    "lm.what_gates": "gates and hidden states",
    "lm.needs_transformer": "a transformer",
    "lm.needs_recurrent": "a recurrent network (RNN, LSTM or GRU)",
    "lm.bad_position_count": "ask for 1 to {block} positions (the context length), not {count}",
    "lm.id_outside_vocab": "token id {id} is outside this model's vocabulary of {size} tokens",
    "lm.bad_neighbours": "ask for 0 or more neighbours, not {value}",
    "lm.gate_i": "input gate",
    "lm.gate_f": "forget gate",
    "lm.gate_g": "candidate cell",
    "lm.gate_o": "output gate",
    "lm.gate_c": "cell state",
    "lm.gate_h": "hidden state",
    "lm.gate_r": "reset gate",
    "lm.gate_z": "update gate",
    "lm.gate_n": "candidate",
    "lm.gate_help_i": "0 = write nothing new into the cell, 1 = write the candidate in full",
    "lm.gate_help_f": "0 = forget the cell's memory, 1 = keep it",
    "lm.gate_help_g": "what may be written into the cell, from −1 to 1",
    "lm.gate_help_o": "0 = hide the cell, 1 = show it as the hidden state",
    "lm.gate_help_c": "the cell's memory (any value)",
    "lm.gate_help_h": "what the layer passes on, from −1 to 1",
    "lm.gate_help_r": "0 = ignore the last state for the candidate, 1 = use it",
    "lm.gate_help_z": "0 = take the new candidate, 1 = keep the last state",
    "lm.gate_help_n": "the new candidate state, from −1 to 1",
    # ---- model files (playground/text/store.py)
    "lm.not_lm_file": "that file is not a next-word model of this app (its metadata has no model config and "
                      "tokenizer); CNN weights load in the Training tab",
    "lm.bad_metadata": "the model's metadata is damaged ({detail})",
    "lm.weights_misfit": "these weights do not fit the model described in the file: {problems}",
    "lm.weights_not_finite": "the file holds NaN or infinite weights",
    "lm.unknown_model": "unknown model {name!r}; choose one of: {choices}, or session",
    "lm.model_missing": "the model {name} is not installed ({path} is missing)",
    # ---- tokenizers (playground/text/tokenize.py)
    "lm.tok_damaged": "The stored tokenizer is damaged (its JSON could not be read).",
    "lm.tok_unknown_stored": "The stored tokenizer is of an unknown kind {kind!r}.",
    "lm.tok_vocab_twice": "The tokenizer's vocabulary lists a token twice.",
    "lm.tok_vocab_not_strings": "The stored tokenizer is damaged (its vocabulary is not a list of strings).",
    "lm.tok_specials": "A word tokenizer's vocabulary must start with <unk> and <p>.",
    "lm.tok_min_freq": "min_freq must be at least 1, got {value}.",
    "lm.tok_char_needs_text": "A character tokenizer needs some text to learn its characters from.",
    "lm.tok_unknown_chars": "These characters never appear in the training text, so the model cannot read them: "
                            "{missing!r}. Remove them from the prompt.",
    "lm.tok_bpe_small": "A byte-level BPE vocabulary needs more than the 256 bytes, got {value}.",
    "lm.tok_bpe_damaged": "The stored BPE tokenizer is damaged and cannot be read.",
    "lm.tok_no_kind": "There is no {kind!r} tokenizer; choose one of: {choices}.",
    # ---- a run that cannot start (playground/text/train.py)
    "lm.train_too_short": "the training text has {n:,} tokens, fewer than one context of {block} plus one: use more "
                          "text or a shorter context",
    "lm.val_shorter_than_context": "the validation text has {n:,} tokens, fewer than one context of {block}",
    "lm.bad_steps": "the number of steps must be at least 1",
    "lm.bad_lr": "the learning rate must be above 0 and at most 10",
    # ---- training status and results (playground/views/lm_training.py)
    "lm.progress": "step {step:,}/{total:,} · loss {loss:.3f} · {speed:,.0f} tokens/s · {elapsed} elapsed · "
                   "ETA {eta}",
    "lm.beat_estimate": "With the defaults, validation passes the bigram near step {step}: in about {time} at this "
                        "machine's speed.",
    "lm.ready": "Pick a text and an architecture, then Train. With the defaults (an LSTM on Tiny Shakespeare's "
                "words), validation passes the bigram after about {steps} steps: about {seconds} seconds on a "
                "{cores}-core CPU; while it trains, this line says how long this machine needs.",
    "lm.why_bigram": "A model has learned something only once it beats the bigram, which just counts which word "
                     "follows which: it reads a whole context, the bigram only the word before.",
    "lm.scoring": "{done} Scoring it on the validation text…",
    "lm.scores": "Validation ({arch}, {kind} tokens, context {block}): perplexity {ppl:.1f}{known}, {bpc:.3f} bits "
                 "per character, top-1 {top1:.1%}; the interpolated bigram's perplexity is {bigram:.1f}.",
    "lm.known_only": " ({ppl:.1f} over the known words only)",
    "lm.ppl_means": "A perplexity of {ppl:.0f} means the model is as unsure as if it were choosing among {ppl:.0f} "
                    "equally likely {unit} at each step.",
    "lm.tokens_word": "word",
    "lm.tokens_char": "char",
    "lm.tokens_bpe": "bpe",
    "lm.unit_word": "words",
    "lm.unit_char": "characters",
    "lm.unit_bpe": "word pieces",
    "lm.beats_bigram": "It beats the bigram: it learned more than which word tends to follow which.",
    "lm.misses_bigram": "It does not beat the bigram yet, so it has learned no more than which word tends to follow "
                        "which: train longer (a bigger budget) or try other settings.",
    "lm.same_budget": "Each model had the same budget (the same steps, or the same seconds), so their curves compare "
                      "fairly.",
    "lm.rare": "{share:.0%} of the words were too rare to learn: the model reads each of them as the same “(rare "
               "word)”, so the perplexity over the known words says more about what it learned than the plain one. "
               "A longer text gives it more words to learn.",
    "lm.session_model": "This model now answers as “Your model (this session)”.",
    "lm.param_line": "**{count:,} parameters**.",
    "lm.param_line_over": "**{count:,} parameters** — over this server's cap of {cap:,}: make it smaller.",
    "lm.vocab_real": "vocabulary {vocab:,}",
    "lm.vocab_estimate": "vocabulary about {vocab:,} until the text is read",
    "lm.trace_train_smoothed": "{name} train (smoothed)",
    "lm.trace_train": "{name} train",
    "lm.trace_validation": "{name} validation",
    "lm.trace_baseline": "{name} (ppl {ppl:.0f})",
    "lm.baseline_unigram": "unigram",
    "lm.baseline_interpolated_bigram": "interpolated bigram",
    "lm.baseline_kneser_ney_trigram": "Kneser-Ney trigram",
    "lm.curves_title": "Loss per token (nats): lower is better; perplexity = e^loss",
    "lm.curves_caption": "loss per token (nats): lower is better; perplexity = e^loss",
    "lm.axis_step": "step",
    "lm.axis_loss": "loss",
    # ---- the words explained where they appear (a dotted underline; the definition on hover)
    "lm.term_perplexity": "perplexity",
    "lm.def_perplexity": "How unsure the model is about the next token: a perplexity of 50 means as unsure as "
                         "choosing among 50 equally likely words. Lower is better.",
    "lm.term_bigram": "bigram",
    "lm.def_bigram": "The simplest baseline: it counts, in the training text, which word follows which, and guesses "
                     "from the word before only. A model that cannot beat it has learned nothing more.",
    "lm.term_validation": "validation",
    "lm.def_validation": "The end of the text, kept out of training: the model is scored on words it never trained "
                         "on, so a good score means it learned the language, not the text by heart.",
    "lm.term_context": "context",
    "lm.def_context": "Context length: how many tokens the model reads at once before guessing the next one.",
    "lm.term_vocabulary": "vocabulary",
    "lm.def_vocabulary": "The different tokens the model knows. A word seen fewer times than the minimum frequency "
                         "stays out of it and reads as one “(rare word)” token.",
    "lm.term_budget": "budget",
    "lm.def_budget": "What a run may spend: a number of training steps (or of seconds). A comparison gives every "
                     "model the same budget, so it is fair.",
    "lm.term_bits": "bits per character",
    "lm.def_bits": "The loss counted per character of text rather than per token, so models that cut text "
                   "differently (words, characters, word pieces) can be compared.",
    "lm.term_top1": "top-1",
    "lm.def_top1": "How often the model's first guess is exactly the next token.",
}

ES: dict[str, str] = {
    # ---- corpora
    "lm.no_corpus": "No hay ningún texto incluido llamado {key!r}; elige uno de: {choices}.",
    "lm.book_unavailable": "{title} no está en este equipo y no se pudo descargar: {why}. Descarga {url} y guárdalo "
                           "como {filename} en la carpeta {folder}; luego vuelve a intentarlo.",
    "lm.why_offline": "no se pudo contactar con {host} (¿este equipo no tiene conexión?)",
    "lm.why_http": "el servidor respondió {code} {reason}",
    "lm.why_connection": "la conexión con {host} falló durante la descarga",
    "lm.why_not_book": "el servidor envió algo que no es el libro",
    "lm.why_no_download": "la descarga estaba desactivada",
    "lm.book_not_utf8": "El archivo {path} no es texto UTF-8, así que no es el {title} que espera esta aplicación. "
                        "Bórralo y vuelve a descargar {url}, o guárdalo allí como UTF-8.",
    "lm.text_too_big": "Este texto ocupa {size:.1f} MB; lo máximo que acepta esta aplicación son {limit:.1f} MB. Usa "
                       "un fragmento más corto.",
    "lm.file_binary": "Este archivo parece {kind}, no texto plano. Guarda tu texto como archivo .txt plano (UTF-8) y "
                      "cárgalo.",
    "lm.kind_png": "una imagen PNG",
    "lm.kind_jpeg": "una imagen JPEG",
    "lm.kind_gif": "una imagen GIF",
    "lm.kind_pdf": "un documento PDF",
    "lm.kind_zip": "un archivo ZIP (un archivo de Word u OpenDocument lo es)",
    "lm.kind_gzip": "un archivo gzip",
    "lm.kind_rtf": "un documento RTF",
    "lm.kind_binary": "un archivo binario",
    "lm.file_not_utf8": "Este archivo no es texto UTF-8 (el byte {byte:,} no es UTF-8 válido; puede que sea Latin-1 o "
                        "Windows-1252). Ábrelo en un editor de texto, guárdalo con la codificación UTF-8 y vuelve a "
                        "cargarlo.",
    "lm.text_nul": "Este texto contiene caracteres NUL, así que no es texto plano. Pega texto plano.",
    "lm.text_too_short_one": "Este texto tiene {words:,} palabra ({chars:,} caracteres). Un modelo de lenguaje "
                             "necesita al menos {least_words} palabras y {least_chars} caracteres para aprender; "
                             "pega un texto más largo.",
    "lm.text_too_short": "Este texto tiene {words:,} palabras ({chars:,} caracteres). Un modelo de lenguaje necesita "
                         "al menos {least_words} palabras y {least_chars} caracteres para aprender; pega un texto más "
                         "largo.",
    "lm.split_too_short": "Este texto es demasiado corto para dividirlo en una parte de entrenamiento y otra de "
                          "validación.",
    "lm.split_note": "Entrenamiento: caracteres 1 a {cut:,}; validación: los últimos {n_val:,} caracteres "
                     "({share:.0%}), desde el carácter {first:,} de {total:,}.",
    # ---- preparing a text
    "lm.context_shortened": "El contexto se acortó de {wanted} a {fits} tokens: la parte de validación tiene "
                            "{n_val:,} tokens y debe contener al menos {windows} contextos.",
    "lm.val_too_short": "La parte de validación de este texto (su final) tiene {n_val:,} tokens; para puntuar un "
                        "modelo hacen falta al menos {need}. Añade unas {more:,.0f} palabras más.",
    "lm.bad_tokenizer_option": "el tokenizador debe ser uno de {choices}",
    "lm.min_freq_once": "La parte de entrenamiento tiene {words:,} palabras, así que se aprende toda palabra vista al "
                        "menos una vez (los libros guardan las palabras vistas {books} veces).",
    "lm.min_freq_times": "La parte de entrenamiento tiene {words:,} palabras, así que se aprende toda palabra vista "
                         "al menos {times} veces (los libros guardan las palabras vistas {books} veces).",
    "lm.small_validation": "La validación es el último quinto de este texto corto (un décimo en los libros).",
    # ---- model settings
    "lm.bad_arch": "la arquitectura debe ser una de {choices}, no {arch!r}",
    "lm.not_whole": "{what} debe ser un número entero, no {value!r}",
    "lm.too_small": "{what} debe ser al menos {least}, no {value}",
    "lm.what_vocab": "el tamaño del vocabulario",
    "lm.what_layers": "el número de capas",
    "lm.what_width": "el ancho (n_embd)",
    "lm.what_context": "la longitud del contexto",
    "lm.what_heads": "el número de cabezas de atención",
    "lm.what_hidden": "el tamaño del estado oculto",
    "lm.bad_dropout": "el dropout debe ser un número desde 0 hasta 1 (sin incluir el 1), no {value!r}",
    "lm.bad_tie": "tie_weights debe ser verdadero o falso, no {value!r}",
    "lm.heads_split": "el ancho {width} no se reparte por igual entre {heads} cabezas de atención: elige un ancho que "
                      "sea múltiplo de {heads}, u otro número de cabezas",
    "lm.bad_positions": "las posiciones deben ser 'learned' o 'sinusoidal', no {value!r}",
    "lm.tied_sizes": "los pesos compartidos necesitan que el tamaño del estado oculto ({hidden}) sea igual al ancho "
                     "del embedding ({width}): hazlos iguales o deja de compartir los pesos",
    "lm.input_too_long": "la entrada tiene {length} tokens, pero este modelo lee como mucho {block} a la vez (su "
                         "longitud de contexto): usa solo los últimos",
    "lm.too_big": "esa red tendría {count:,} parámetros; este servidor entrena como mucho {cap:,}: hazla más estrecha "
                  "o con menos capas, o usa un vocabulario más pequeño",
    # ---- asking a model
    "lm.empty_prompt": "el texto inicial (prompt) está vacío: escribe al menos una palabra para que el modelo siga",
    "lm.prompt_outside_vocab": "el token {id} está fuera del vocabulario de este modelo, de {size} tokens: usa el "
                               "tokenizador con el que se entrenó el modelo",
    "lm.bad_temperature": "la temperatura debe ser 0 o más, no {value}",
    "lm.bad_k": "k debe ser 0 o más, no {value}",
    "lm.bad_length": "la longitud debe ser de 0 tokens o más, no {value}",
    "lm.bad_top_k": "top-k debe ser al menos 1 (o estar desactivado), no {value}",
    "lm.bad_top_p": "top-p debe ser mayor que 0 y como mucho 1 (o estar desactivado), no {value}",
    "lm.only_for": "{what} solo existen en {needs}; este modelo es {kind!r}",
    "lm.what_attention": "los mapas de atención",
    "lm.what_positions": "las codificaciones de posición",
    "lm.what_gates": "las puertas y los estados ocultos",
    "lm.needs_transformer": "un transformer",
    "lm.needs_recurrent": "una red recurrente (RNN, LSTM o GRU)",
    "lm.bad_position_count": "pide de 1 a {block} posiciones (la longitud del contexto), no {count}",
    "lm.id_outside_vocab": "el token {id} está fuera del vocabulario de este modelo, de {size} tokens",
    "lm.bad_neighbours": "pide 0 o más vecinos, no {value}",
    "lm.gate_i": "puerta de entrada",
    "lm.gate_f": "puerta de olvido",
    "lm.gate_g": "celda candidata",
    "lm.gate_o": "puerta de salida",
    "lm.gate_c": "estado de la celda",
    "lm.gate_h": "estado oculto",
    "lm.gate_r": "puerta de reinicio",
    "lm.gate_z": "puerta de actualización",
    "lm.gate_n": "candidato",
    "lm.gate_help_i": "0 = no escribir nada nuevo en la celda, 1 = escribir el candidato entero",
    "lm.gate_help_f": "0 = olvidar la memoria de la celda, 1 = conservarla",
    "lm.gate_help_g": "lo que puede escribirse en la celda, de −1 a 1",
    "lm.gate_help_o": "0 = ocultar la celda, 1 = mostrarla como estado oculto",
    "lm.gate_help_c": "la memoria de la celda (cualquier valor)",
    "lm.gate_help_h": "lo que la capa pasa a la siguiente, de −1 a 1",
    "lm.gate_help_r": "0 = ignorar el último estado para el candidato, 1 = usarlo",
    "lm.gate_help_z": "0 = tomar el nuevo candidato, 1 = conservar el último estado",
    "lm.gate_help_n": "el nuevo estado candidato, de −1 a 1",
    # ---- model files
    "lm.not_lm_file": "ese archivo no es un modelo de siguiente palabra de esta aplicación (sus metadatos no tienen "
                      "configuración de modelo ni tokenizador); los pesos de una CNN se cargan en la pestaña "
                      "Entrenamiento",
    "lm.bad_metadata": "los metadatos del modelo están dañados ({detail})",
    "lm.weights_misfit": "estos pesos no encajan con el modelo que describe el archivo: {problems}",
    "lm.weights_not_finite": "el archivo contiene pesos NaN o infinitos",
    "lm.unknown_model": "modelo desconocido {name!r}; elige uno de: {choices}, o session",
    "lm.model_missing": "el modelo {name} no está instalado (falta {path})",
    # ---- tokenizers
    "lm.tok_damaged": "El tokenizador guardado está dañado (no se pudo leer su JSON).",
    "lm.tok_unknown_stored": "El tokenizador guardado es de un tipo desconocido, {kind!r}.",
    "lm.tok_vocab_twice": "El vocabulario del tokenizador incluye un token dos veces.",
    "lm.tok_vocab_not_strings": "El tokenizador guardado está dañado (su vocabulario no es una lista de cadenas).",
    "lm.tok_specials": "El vocabulario de un tokenizador de palabras debe empezar por <unk> y <p>.",
    "lm.tok_min_freq": "min_freq debe ser al menos 1; se recibió {value}.",
    "lm.tok_char_needs_text": "Un tokenizador de caracteres necesita algo de texto del que aprender sus caracteres.",
    "lm.tok_unknown_chars": "Estos caracteres no aparecen nunca en el texto de entrenamiento, así que el modelo no "
                            "puede leerlos: {missing!r}. Quítalos del texto inicial.",
    "lm.tok_bpe_small": "Un vocabulario BPE por bytes necesita más que los 256 bytes; se recibió {value}.",
    "lm.tok_bpe_damaged": "El tokenizador BPE guardado está dañado y no se puede leer.",
    "lm.tok_no_kind": "No existe el tokenizador {kind!r}; elige uno de: {choices}.",
    # ---- a run that cannot start
    "lm.train_too_short": "el texto de entrenamiento tiene {n:,} tokens, menos que un contexto de {block} más uno: "
                          "usa más texto o un contexto más corto",
    "lm.val_shorter_than_context": "el texto de validación tiene {n:,} tokens, menos que un contexto de {block}",
    "lm.bad_steps": "el número de pasos debe ser al menos 1",
    "lm.bad_lr": "la tasa de aprendizaje debe ser mayor que 0 y como mucho 10",
    # ---- training status and results
    "lm.progress": "paso {step:,}/{total:,} · pérdida {loss:.3f} · {speed:,.0f} tokens/s · {elapsed} transcurrido · "
                   "faltan {eta}",
    "lm.beat_estimate": "Con los valores por defecto, la validación supera al bigrama hacia el paso {step}: en unos "
                        "{time} a la velocidad de este equipo.",
    "lm.ready": "Elige un texto y una arquitectura y pulsa Entrenar. Con los valores por defecto (una LSTM sobre las "
                "palabras de Tiny Shakespeare), la validación supera al bigrama tras unos {steps} pasos: unos "
                "{seconds} segundos en una CPU de {cores} núcleos; mientras entrena, esta línea dice cuánto necesita "
                "este equipo.",
    "lm.why_bigram": "Un modelo solo ha aprendido algo cuando supera al bigrama, que se limita a contar qué palabra "
                     "sigue a cuál: el modelo lee un contexto entero; el bigrama, solo la palabra anterior.",
    "lm.scoring": "{done} Puntuándolo con el texto de validación…",
    "lm.scores": "Validación ({arch}, tokens de tipo {kind}, contexto {block}): perplejidad {ppl:.1f}{known}, "
                 "{bpc:.3f} bits por carácter, top-1 {top1:.1%}; la perplejidad del bigrama interpolado es "
                 "{bigram:.1f}.",
    "lm.known_only": " ({ppl:.1f} contando solo las palabras conocidas)",
    "lm.ppl_means": "Una perplejidad de {ppl:.0f} significa que el modelo duda tanto como si eligiera entre {ppl:.0f} "
                    "{unit} igual de probables en cada paso.",
    "lm.tokens_word": "palabra",
    "lm.tokens_char": "carácter",
    "lm.tokens_bpe": "BPE",
    "lm.unit_word": "palabras",
    "lm.unit_char": "caracteres",
    "lm.unit_bpe": "trozos de palabra",
    "lm.beats_bigram": "Supera al bigrama: ha aprendido más que qué palabra suele seguir a cuál.",
    "lm.misses_bigram": "Aún no supera al bigrama, así que no ha aprendido más que qué palabra suele seguir a cuál: "
                        "entrénalo más tiempo (más presupuesto) o prueba otros ajustes.",
    "lm.same_budget": "Cada modelo tuvo el mismo presupuesto (los mismos pasos o los mismos segundos), así que sus "
                      "curvas se comparan con justicia.",
    "lm.rare": "El {share:.0%} de las palabras eran demasiado raras para aprenderlas: el modelo lee cada una de ellas "
               "como la misma «(palabra rara)», así que la perplejidad sobre las palabras conocidas dice más de lo "
               "que ha aprendido que la normal. Un texto más largo le da más palabras que aprender.",
    "lm.session_model": "Este modelo responde ahora como «Tu modelo (esta sesión)».",
    "lm.param_line": "**{count:,} parámetros**.",
    "lm.param_line_over": "**{count:,} parámetros**: más del límite de este servidor, {cap:,}; hazlo más pequeño.",
    "lm.vocab_real": "vocabulario {vocab:,}",
    "lm.vocab_estimate": "vocabulario de unos {vocab:,} hasta leer el texto",
    "lm.trace_train_smoothed": "{name} entrenamiento (suavizado)",
    "lm.trace_train": "{name} entrenamiento",
    "lm.trace_validation": "{name} validación",
    "lm.trace_baseline": "{name} (ppl {ppl:.0f})",
    "lm.baseline_unigram": "unigrama",
    "lm.baseline_interpolated_bigram": "bigrama interpolado",
    "lm.baseline_kneser_ney_trigram": "trigrama Kneser-Ney",
    "lm.curves_title": "Pérdida por token (nats): cuanto menor, mejor; perplejidad = e^pérdida",
    "lm.curves_caption": "pérdida por token (nats): cuanto menor, mejor; perplejidad = e^pérdida",
    "lm.axis_step": "paso",
    "lm.axis_loss": "pérdida",
    # ---- the words explained where they appear
    "lm.term_perplexity": "perplejidad",
    "lm.def_perplexity": "Cuánto duda el modelo sobre el siguiente token: una perplejidad de 50 es dudar tanto como "
                         "al elegir entre 50 palabras igual de probables. Cuanto menor, mejor.",
    "lm.term_bigram": "bigrama",
    "lm.def_bigram": "La referencia más sencilla: cuenta en el texto de entrenamiento qué palabra sigue a cuál y "
                     "adivina solo a partir de la palabra anterior. Un modelo que no lo supera no ha aprendido nada "
                     "más.",
    "lm.term_validation": "validación",
    "lm.def_validation": "El final del texto, apartado del entrenamiento: el modelo se puntúa con palabras con las "
                         "que nunca entrenó, así que una buena nota significa que aprendió el idioma, no el texto de "
                         "memoria.",
    "lm.term_context": "contexto",
    "lm.def_context": "Longitud del contexto: cuántos tokens lee el modelo a la vez antes de adivinar el siguiente.",
    "lm.term_vocabulary": "vocabulario",
    "lm.def_vocabulary": "Los distintos tokens que conoce el modelo. Una palabra vista menos veces que la frecuencia "
                         "mínima se queda fuera y se lee como un único token «(palabra rara)».",
    "lm.term_budget": "presupuesto",
    "lm.def_budget": "Lo que puede gastar un entrenamiento: un número de pasos (o de segundos). Una comparación da a "
                     "cada modelo el mismo presupuesto, para que sea justa.",
    "lm.term_bits": "bits por carácter",
    "lm.def_bits": "La pérdida contada por carácter de texto en vez de por token, para comparar modelos que cortan "
                   "el texto de forma distinta (palabras, caracteres, trozos de palabra).",
    "lm.term_top1": "top-1",
    "lm.def_top1": "Con qué frecuencia la primera apuesta del modelo es exactamente el siguiente token.",
}
