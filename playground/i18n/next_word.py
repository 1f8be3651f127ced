"""The next word texts, in English (EN) and Spanish (ES): see playground/i18n/__init__.py."""

EN: dict[str, str] = {
    # ---- the page's text (component labels, explanations) ----
    "next_word.intro": "Language models predict the next word. Type a prompt and watch the guesses change; generate; "
                       "open the models up; or train your own RNN, LSTM, GRU or transformer and compare them with "
                       "n-gram baselines on the same tokens.",
    "next_word.what_title": "What is a language model?",
    "next_word.what": "A language model reads a text and guesses what comes next. After “El gato se sentó en el” "
                      "(the cat sat on the) it does not pick one word: it gives **every possible next token a "
                      "probability**, say “suelo” (floor) 20%, “tapete” (mat) 5%, “nube” (cloud) almost 0%. The bars "
                      "show the likeliest few.\n\n"
                      "- **Token**: one piece of text the model reads or writes: a word, a comma, a character, or a "
                      "piece of a word.\n"
                      "- **Vocabulary**: the list of every token the model knows; anything else it cannot read.\n"
                      "- **Logits**: the raw score the network gives each token; softmax turns them into "
                      "probabilities that add up to 100%.\n"
                      "- **Probability**: how likely the model thinks a token is next, from 0% to 100%.\n"
                      "- **n-gram / bigram**: the simplest model: count which word followed which in the text (a "
                      "bigram looks at one word back, an n-gram at n−1). The neural models here should beat it.",
    "next_word.prompt": "Prompt",
    "next_word.prompt_info": "The text the model continues. It reads it as tokens (the chips below): words and "
                             "punctuation; a grey chip is a word it does not know.",
    "next_word.model": "Model",
    "next_word.k": "How many next words (k)",
    "next_word.k_info": "Top-k: show only the k tokens with the highest probability.",
    "next_word.append": "Click a word to append it to the prompt",
    "next_word.specials_note": "**¶ new paragraph** is a blank line in the text; **(rare word)** stands for every "
                               "word the model saw too rarely to learn (it reads them all as one). Inside the model "
                               "they are two tokens of their own, `<p>` and `<unk>`.",
    "next_word.generate": "Generate",
    "next_word.generate_how": "To write, the model draws the next token at random with its probabilities, appends "
                              "it, and repeats. **Temperature** sharpens or flattens the odds before the draw; "
                              "**top-k** and **top-p** remove the unlikely tail so it cannot pick nonsense.",
    "next_word.length": "Length (tokens)",
    "next_word.temperature": "Temperature (0: always the likeliest)",
    "next_word.temperature_info": "Below 1: safer, more repetitive; above 1: more surprising, more mistakes.",
    "next_word.top_k": "Top-k (0: off)",
    "next_word.top_k_info": "Draw only among the k likeliest tokens.",
    "next_word.top_p": "Top-p (1: off)",
    "next_word.top_p_info": "Draw only among the likeliest tokens that together reach this probability.",
    "next_word.seed": "Seed",
    "next_word.seed_info": "Fixes the random draws: the same seed and settings give the same text.",
    "next_word.no_rare": "Keep (rare word) out of the text",
    "next_word.new_seed": "New seed",
    "next_word.inside": "Look inside",
    "next_word.inside_intro": "For the model and prompt above. Transformers: attention and positions; LSTM/GRU/RNN: "
                              "gates and states (recomputed from the layer's own weights); any model: nearest words.",
    "next_word.tab_attention": "Attention",
    "next_word.tab_gates": "Gates and states",
    "next_word.tab_nearest": "Nearest words",
    "next_word.what_is_this": "What is this?",
    "next_word.attention_what": "A transformer reads all the tokens at once. In **self-attention** each token asks "
                                "“which earlier tokens matter for me?” and mixes in their information by those "
                                "weights: each row of the map adds up to 1. It never looks at later tokens (the "
                                "future it must guess). Each layer has several **heads**, each with its own pattern: "
                                "one may look at the word just before, another at the start of the sentence. "
                                "Attention alone does not know word order, so a **positional encoding** (a pattern "
                                "of numbers per position) is added to each token first.",
    "next_word.layer": "Layer",
    "next_word.head": "Head",
    "next_word.head_info": "Head: one of the attention patterns a layer computes side by side.",
    "next_word.show_attention": "Show attention",
    "next_word.show_positions": "Show the positional encoding",
    "next_word.gates_what": "A recurrent network reads one token at a time and carries a **hidden state**: a list "
                            "of numbers that sums up what it has read so far. A plain **RNN** rewrites it at every "
                            "step, so it soon forgets. An **LSTM** adds a cell (a longer memory) and three **gates**, "
                            "numbers from 0 to 1 that let information through or not: the input gate (what to write), "
                            "the forget gate (what to keep) and the output gate (what to show). A **GRU** does "
                            "the same with two gates: the update gate (keep the old state or take the new one) and "
                            "the reset gate (how much of the old state shapes the new one).",
    "next_word.gate": "Gate or state",
    "next_word.gate_info": "A gate is a 0-to-1 switch for each number; the hidden state is what the layer passes on.",
    "next_word.all_units": "Every unit (the full heatmap)",
    "next_word.show": "Show",
    "next_word.word": "A word",
    "next_word.find_nearest": "Find the nearest",
    "next_word.nearest_what": "Each token enters the network as an **embedding**: a list of numbers the model "
                              "learned, so that words used alike end up close. Here: the words whose embeddings "
                              "point most in the same direction (cosine 1 = the same direction).",
    "next_word.train": "Train your own",
    "next_word.train_what": "Training shows the model the text a window at a time and nudges its weights so the "
                            "real next token gets a higher probability. The score is the loss, or its "
                            "**perplexity**: a perplexity of 50 means the model is as unsure as if it chose "
                            "among 50 words. The **n-gram** baselines (the unigram counts single words, the "
                            "bigram pairs of words) are the score to beat.",
    "next_word.corpus": "Text",
    "next_word.own_text_choice": "Your own text",
    "next_word.tokens": "Tokens",
    "next_word.tokens_info": "How the text is cut into tokens; the vocabulary is the list of all tokens.",
    "next_word.tok_word": "words",
    "next_word.tok_char": "characters",
    "next_word.paste": "Paste your text (UTF-8)",
    "next_word.upload_txt": "…or upload a .txt",
    "next_word.arch": "Architecture",
    "next_word.compare_arch": "Compare with",
    "next_word.layers": "Layers",
    "next_word.width": "Width",
    "next_word.width_info": "Size of each embedding and hidden state (numbers per token).",
    "next_word.heads": "Heads (transformer)",
    "next_word.heads_info": "Attention heads per layer; the width must divide by it.",
    "next_word.context": "Context length (tokens)",
    "next_word.context_info": "How many tokens back the model may read at once.",
    "next_word.dropout": "Dropout",
    "next_word.dropout_info": "Switches off this share of numbers at random while training, against overfitting.",
    "next_word.tied": "Tie input and output embeddings",
    "next_word.tied_info": "One embedding table to read and to score tokens: fewer parameters.",
    "next_word.positions": "Positions (transformer)",
    "next_word.positions_info": "Positional encoding: learned numbers per position, or fixed sine waves.",
    "next_word.pos_learned": "learned",
    "next_word.pos_sinusoidal": "sinusoidal",
    "next_word.steps": "Budget: steps (the same for both in a comparison)",
    "next_word.seconds": "…or seconds each (0: no time budget)",
    "next_word.lr": "Learning rate",
    "next_word.train_btn": "Train",
    "next_word.compare_btn": "Compare the two",
    "next_word.stop": "Stop",
    "next_word.save": "Download this model (.safetensors)",
    "next_word.load": "Load a model (.safetensors)",
    "next_word.reading": "Reading the text…",
    # ---- what the server writes (views/text.py) ----
    "next_word.empty_prompt": "Type a few words in the prompt: the model then guesses the word that comes next.",
    "next_word.no_session_model": "this session has no model of its own yet: train one below, or pick a shipped "
                                  "model",
    "next_word.type_words": "type a few words first",
    "next_word.cut_chars": "Only the last {count:,} characters are read.",
    "next_word.no_known_tokens": "the prompt has no tokens this model knows",
    "next_word.window": "The model reads the last {window} tokens of the prompt.",
    "next_word.all_unknown": "Every word of the prompt is unknown to this model, so it guesses from nothing but word "
                             "frequencies.",
    "next_word.not_in_vocab": "not in the vocabulary: read as <unk>",
    "next_word.unknown_words": "Unknown to this model: {words}",
    "next_word.bad_k": "k must be between 1 and 100",
    "next_word.bars_title": "{model}: the next token",
    "next_word.bars_partner": "{model} (same prompt)",
    "next_word.bars_axis": "% probability",
    "next_word.special_p": "¶ new paragraph",
    "next_word.special_unk": "(rare word)",
    "next_word.darker": "Darker = the model was surer of that word.",
    "next_word.bad_length": "the length must be between 1 and 500 tokens",
    "next_word.attention_title": "Attention, layer {layer}, head {head}: each row (a position) over the positions it "
                                 "reads; above the diagonal is masked (the future)",
    "next_word.positions_title": "Positional encoding ({kind}): one column per position, one row per channel",
    "next_word.no_such_gate": "a {arch} has no {gate}; choose one of {choices}",
    "next_word.gate_of_layer": "{gate} of layer {layer}",
    "next_word.unit": "unit {unit}",
    "next_word.mean_units": "mean of all {count}",
    "next_word.gates_all_title": "{name}, all {count} units: one column per token, one row per unit",
    "next_word.gates_summary_title": "{name}: the mean of all units and the {count} that change most along the "
                                     "prompt",
    "next_word.gate_i": "input gate",
    "next_word.gate_f": "forget gate",
    "next_word.gate_g": "candidate cell",
    "next_word.gate_o": "output gate",
    "next_word.gate_c": "cell state",
    "next_word.gate_h": "hidden state",
    "next_word.gate_r": "reset gate",
    "next_word.gate_z": "update gate",
    "next_word.gate_n": "candidate",
    "next_word.gate_help_i": "0 = write nothing new into the cell, 1 = write the candidate in full",
    "next_word.gate_help_f": "0 = forget the cell's memory, 1 = keep it",
    "next_word.gate_help_g": "what may be written into the cell, from −1 to 1",
    "next_word.gate_help_o": "0 = hide the cell, 1 = show it as the hidden state",
    "next_word.gate_help_c": "the cell's memory (any value)",
    "next_word.gate_help_h": "what the layer passes on, from −1 to 1",
    "next_word.gate_help_r": "0 = ignore the last state for the candidate, 1 = use it",
    "next_word.gate_help_z": "0 = take the new candidate, 1 = keep the last state",
    "next_word.gate_help_n": "the new candidate state, from −1 to 1",
    "next_word.note_transformer": "This model is a transformer: look at its attention and positions. Gates and "
                                  "states belong to recurrent networks (RNN, LSTM, GRU); train one below to see them.",
    "next_word.note_recurrent": "This model is {arch}: look at its gates and states. Attention and positions belong "
                                "to transformers.",
    "next_word.a_rnn": "an RNN",
    "next_word.a_lstm": "an LSTM",
    "next_word.a_gru": "a GRU",
    "next_word.type_one_word": "type one word the model knows",
    "next_word.nearest_to": "nearest to “{word}”",
    "next_word.cosine": "cosine",
    "next_word.cosine_def": "how alike two embeddings are: 1 = they point the same way, 0 = unrelated",
    "next_word.own_model": "Your model (this session)",
}

ES: dict[str, str] = {
    "next_word.intro": "Los modelos de lenguaje predicen la siguiente palabra. Escribe un texto inicial y mira cómo "
                       "cambian sus apuestas; genera texto; abre los modelos por dentro; o entrena tu propia RNN, "
                       "LSTM, GRU o transformer y compárala con modelos n-grama de base sobre los mismos tokens.",
    "next_word.what_title": "¿Qué es un modelo de lenguaje?",
    "next_word.what": "Un modelo de lenguaje lee un texto y adivina lo que viene después. Tras «El gato se sentó en "
                      "el» no elige una sola palabra: da a **cada token posible una probabilidad**, por ejemplo "
                      "«suelo» 20 %, «tapete» 5 %, «nube» casi 0 %. Las barras muestran las más probables.\n\n"
                      "- **Token**: cada trozo de texto que el modelo lee o escribe: una palabra, una coma, una letra "
                      "o un trozo de palabra.\n"
                      "- **Vocabulario**: la lista de todos los tokens que el modelo conoce; lo demás no lo puede "
                      "leer.\n"
                      "- **Logits**: la puntuación en bruto que la red da a cada token; softmax la convierte en "
                      "probabilidades que suman 100 %.\n"
                      "- **Probabilidad**: lo seguro que está el modelo de que ese token va después, de 0 % a 100 %.\n"
                      "- **n-grama / bigrama**: el modelo más sencillo: contar qué palabra siguió a cuál en el texto "
                      "(un bigrama mira una palabra atrás; un n-grama, n−1). Los modelos neuronales de aquí deberían "
                      "superarlo.",
    "next_word.prompt": "Texto inicial (prompt)",
    "next_word.prompt_info": "El texto que el modelo continúa. Lo lee como tokens (las fichas de abajo): palabras y "
                             "signos; una ficha gris es una palabra que no conoce.",
    "next_word.model": "Modelo",
    "next_word.k": "Cuántas palabras siguientes (k)",
    "next_word.k_info": "Top-k: muestra solo los k tokens con mayor probabilidad.",
    "next_word.append": "Haz clic en una palabra para añadirla al texto",
    "next_word.specials_note": "**¶ nuevo párrafo** es una línea en blanco del texto; **(palabra rara)** representa "
                               "cada palabra que el modelo vio demasiado pocas veces para aprenderla (las lee todas "
                               "como una sola). Dentro del modelo son dos tokens propios, `<p>` y `<unk>`.",
    "next_word.generate": "Generar",
    "next_word.generate_how": "Para escribir, el modelo sortea el siguiente token según sus probabilidades, lo añade "
                              "y repite. La **temperatura** afila o aplana las probabilidades antes del sorteo; "
                              "**top-k** y **top-p** quitan la cola improbable para que no elija disparates.",
    "next_word.length": "Longitud (tokens)",
    "next_word.temperature": "Temperatura (0: siempre la más probable)",
    "next_word.temperature_info": "Menos de 1: más segura y repetitiva; más de 1: más sorprendente, más errores.",
    "next_word.top_k": "Top-k (0: apagado)",
    "next_word.top_k_info": "Sortea solo entre los k tokens más probables.",
    "next_word.top_p": "Top-p (1: apagado)",
    "next_word.top_p_info": "Sortea solo entre los tokens más probables que juntos llegan a esta probabilidad.",
    "next_word.seed": "Semilla",
    "next_word.seed_info": "Fija los sorteos: la misma semilla y ajustes dan el mismo texto.",
    "next_word.no_rare": "Sin (palabra rara) en el texto",
    "next_word.new_seed": "Otra semilla",
    "next_word.inside": "Mirar dentro",
    "next_word.inside_intro": "Para el modelo y el texto de arriba. Transformers: atención y posiciones; "
                              "LSTM/GRU/RNN: puertas y estados (recalculados con los pesos de la propia capa); "
                              "cualquier modelo: palabras más cercanas.",
    "next_word.tab_attention": "Atención",
    "next_word.tab_gates": "Puertas y estados",
    "next_word.tab_nearest": "Palabras cercanas",
    "next_word.what_is_this": "¿Qué es esto?",
    "next_word.attention_what": "Un transformer lee todos los tokens a la vez. En la **autoatención** cada token "
                                "pregunta «¿qué tokens anteriores me importan?» y mezcla su información con esos "
                                "pesos: cada fila del mapa suma 1. Nunca mira los tokens posteriores (el futuro que "
                                "debe adivinar). Cada capa tiene varias **cabezas**, cada una con su propio patrón: "
                                "una puede mirar la palabra anterior, otra el principio de la frase. La atención sola "
                                "no sabe el orden de las palabras, así que antes se suma a cada token una "
                                "**codificación posicional** (un patrón de números por posición).",
    "next_word.layer": "Capa",
    "next_word.head": "Cabeza",
    "next_word.head_info": "Cabeza: uno de los patrones de atención que una capa calcula en paralelo.",
    "next_word.show_attention": "Ver la atención",
    "next_word.show_positions": "Ver la codificación posicional",
    "next_word.gates_what": "Una red recurrente lee un token cada vez y lleva un **estado oculto**: una lista de "
                            "números que resume lo leído hasta ahora. Una **RNN** simple lo reescribe en cada paso, "
                            "así que olvida pronto. Una **LSTM** añade una celda (una memoria más larga) y tres "
                            "**puertas**, números de 0 a 1 que dejan pasar la información o no: la puerta de entrada "
                            "(qué escribir), la de olvido (qué conservar) y la de salida (qué mostrar). Una **GRU** "
                            "hace lo mismo con dos puertas: la de actualización (conservar el estado anterior o tomar "
                            "el nuevo) y la de reinicio (cuánto del estado anterior da forma al nuevo).",
    "next_word.gate": "Puerta o estado",
    "next_word.gate_info": "Una puerta es un interruptor de 0 a 1 por número; el estado oculto es lo que la capa "
                           "pasa adelante.",
    "next_word.all_units": "Todas las unidades (mapa completo)",
    "next_word.show": "Ver",
    "next_word.word": "Una palabra",
    "next_word.find_nearest": "Buscar las cercanas",
    "next_word.nearest_what": "Cada token entra en la red como un **embedding**: una lista de números que el modelo "
                              "aprendió, de modo que las palabras que se usan parecido quedan cerca. Aquí: las "
                              "palabras cuyos embeddings apuntan más en la misma dirección (coseno 1 = la misma "
                              "dirección).",
    "next_word.train": "Entrena el tuyo",
    "next_word.train_what": "Entrenar es mostrar al modelo el texto a trozos y ajustar sus pesos para que el token "
                            "siguiente real reciba más probabilidad. La nota es la pérdida, o su **perplejidad**: una "
                            "perplejidad de 50 significa que el modelo duda tanto como si eligiera entre 50 "
                            "palabras. Los modelos **n-grama** de base (el unigrama cuenta palabras sueltas, el "
                            "bigrama parejas de palabras) son la marca a superar.",
    "next_word.corpus": "Texto",
    "next_word.own_text_choice": "Tu propio texto",
    "next_word.tokens": "Tokens",
    "next_word.tokens_info": "Cómo se corta el texto en tokens; el vocabulario es la lista de todos los tokens.",
    "next_word.tok_word": "palabras",
    "next_word.tok_char": "caracteres",
    "next_word.paste": "Pega tu texto (UTF-8)",
    "next_word.upload_txt": "…o carga un .txt",
    "next_word.arch": "Arquitectura",
    "next_word.compare_arch": "Comparar con",
    "next_word.layers": "Capas",
    "next_word.width": "Anchura",
    "next_word.width_info": "Tamaño de cada embedding y del estado oculto (números por token).",
    "next_word.heads": "Cabezas (transformer)",
    "next_word.heads_info": "Cabezas de atención por capa; la anchura debe ser divisible entre ellas.",
    "next_word.context": "Longitud de contexto (tokens)",
    "next_word.context_info": "Cuántos tokens hacia atrás puede leer el modelo a la vez.",
    "next_word.dropout": "Dropout",
    "next_word.dropout_info": "Apaga al azar esta parte de los números al entrenar, contra el sobreajuste.",
    "next_word.tied": "Atar embeddings de entrada y salida",
    "next_word.tied_info": "Una sola tabla de embeddings para leer y puntuar tokens: menos parámetros.",
    "next_word.positions": "Posiciones (transformer)",
    "next_word.positions_info": "Codificación posicional: números aprendidos por posición, u ondas seno fijas.",
    "next_word.pos_learned": "aprendida",
    "next_word.pos_sinusoidal": "sinusoidal",
    "next_word.steps": "Presupuesto: pasos (los mismos para ambos al comparar)",
    "next_word.seconds": "…o segundos cada uno (0: sin límite de tiempo)",
    "next_word.lr": "Tasa de aprendizaje",
    "next_word.train_btn": "Entrenar",
    "next_word.compare_btn": "Comparar ambos",
    "next_word.stop": "Detener",
    "next_word.save": "Descargar este modelo (.safetensors)",
    "next_word.load": "Cargar un modelo (.safetensors)",
    "next_word.reading": "Leyendo el texto…",
    "next_word.empty_prompt": "Escribe unas palabras en el texto inicial: el modelo adivinará la palabra que viene "
                              "después.",
    "next_word.no_session_model": "esta sesión aún no tiene un modelo propio: entrena uno abajo o elige un modelo "
                                  "incluido",
    "next_word.type_words": "escribe antes unas palabras",
    "next_word.cut_chars": "Solo se leen los últimos {count} caracteres.",
    "next_word.no_known_tokens": "el texto no tiene ningún token que este modelo conozca",
    "next_word.window": "El modelo lee los últimos {window} tokens del texto.",
    "next_word.all_unknown": "Este modelo no conoce ninguna palabra del texto, así que adivina solo por la frecuencia "
                             "de las palabras.",
    "next_word.not_in_vocab": "no está en el vocabulario: se lee como <unk>",
    "next_word.unknown_words": "Desconocidas para este modelo: {words}",
    "next_word.bad_k": "k debe estar entre 1 y 100",
    "next_word.bars_title": "{model}: el siguiente token",
    "next_word.bars_partner": "{model} (mismo texto)",
    "next_word.bars_axis": "% de probabilidad",
    "next_word.special_p": "¶ nuevo párrafo",
    "next_word.special_unk": "(palabra rara)",
    "next_word.darker": "Más oscuro = el modelo estaba más seguro de esa palabra.",
    "next_word.bad_length": "la longitud debe estar entre 1 y 500 tokens",
    "next_word.attention_title": "Atención, capa {layer}, cabeza {head}: cada fila (una posición) sobre las "
                                 "posiciones que lee; sobre la diagonal está enmascarado (el futuro)",
    "next_word.positions_title": "Codificación posicional ({kind}): una columna por posición, una fila por canal",
    "next_word.no_such_gate": "una {arch} no tiene {gate}; elige entre {choices}",
    "next_word.gate_of_layer": "{gate} de la capa {layer}",
    "next_word.unit": "unidad {unit}",
    "next_word.mean_units": "media de las {count}",
    "next_word.gates_all_title": "{name}, las {count} unidades: una columna por token, una fila por unidad",
    "next_word.gates_summary_title": "{name}: la media de todas las unidades y las {count} que más cambian a lo "
                                     "largo del texto",
    "next_word.gate_i": "puerta de entrada",
    "next_word.gate_f": "puerta de olvido",
    "next_word.gate_g": "celda candidata",
    "next_word.gate_o": "puerta de salida",
    "next_word.gate_c": "estado de la celda",
    "next_word.gate_h": "estado oculto",
    "next_word.gate_r": "puerta de reinicio",
    "next_word.gate_z": "puerta de actualización",
    "next_word.gate_n": "candidato",
    "next_word.gate_help_i": "0 = no escribir nada nuevo en la celda, 1 = escribir el candidato entero",
    "next_word.gate_help_f": "0 = olvidar la memoria de la celda, 1 = conservarla",
    "next_word.gate_help_g": "lo que se puede escribir en la celda, de −1 a 1",
    "next_word.gate_help_o": "0 = ocultar la celda, 1 = mostrarla como estado oculto",
    "next_word.gate_help_c": "la memoria de la celda (cualquier valor)",
    "next_word.gate_help_h": "lo que la capa pasa adelante, de −1 a 1",
    "next_word.gate_help_r": "0 = ignorar el estado anterior para el candidato, 1 = usarlo",
    "next_word.gate_help_z": "0 = tomar el nuevo candidato, 1 = conservar el estado anterior",
    "next_word.gate_help_n": "el nuevo estado candidato, de −1 a 1",
    "next_word.note_transformer": "Este modelo es un transformer: mira su atención y sus posiciones. Las puertas y "
                                  "estados son de las redes recurrentes (RNN, LSTM, GRU); entrena una abajo para "
                                  "verlos.",
    "next_word.note_recurrent": "Este modelo es {arch}: mira sus puertas y estados. La atención y las posiciones son "
                                "de los transformers.",
    "next_word.a_rnn": "una RNN",
    "next_word.a_lstm": "una LSTM",
    "next_word.a_gru": "una GRU",
    "next_word.type_one_word": "escribe una palabra que el modelo conozca",
    "next_word.nearest_to": "más cercanas a «{word}»",
    "next_word.cosine": "coseno",
    "next_word.cosine_def": "cuánto se parecen dos embeddings: 1 = apuntan igual, 0 = nada que ver",
    "next_word.own_model": "Tu modelo (esta sesión)",
}
