"""The builder texts, in English (EN) and Spanish (ES): see playground/i18n/__init__.py.

Layer type names (Conv2d, ReLU ...) and PyTorch argument names (out_channels, kernel_size ...) are code and stay
as they are in both languages; their explanations are translated."""

EN: dict[str, str] = {
    # ---- the tab's controls (playground/ui/builder.py)
    "builder.intro": "Build a CNN layer by layer. Every edit re-runs the real PyTorch layers on the `meta` device, so "
                     "shapes, parameters and MACs are PyTorch's own. `in_channels` and `in_features` are inferred "
                     "from the layer before.",
    "builder.what_title": "What is a CNN?",
    "builder.what_text": "A **convolutional neural network** (CNN) looks at an image through small windows. A "
                         "**convolution** slides a **kernel** (also called a **filter**: a small grid of learned "
                         "numbers, say 3×3) over the image and, at every position, multiplies and adds what it covers: "
                         "that gives one new image, a map of where the filter's pattern appears. Each filter makes "
                         "one **channel** of the output; a grey image has 1 channel, a colour image 3 (red, green, "
                         "blue). **Pooling** then keeps one value per small window (the largest, or the average), so "
                         "the maps get smaller and the next layers see a wider part of the picture. At the end, "
                         "**Flatten** lines all the numbers up and a **Linear** layer turns them into one score per "
                         "class.",
    "builder.numbers_title": "How to read the numbers",
    "builder.numbers_text": "A shape like **32×14×14** means 32 channels, each 14 pixels high and 14 wide (C×H×W). "
                            "`Conv2d(1, 32, kernel_size=3, padding=1)` reads: 1 input channel, 32 filters (so 32 "
                            "output channels), each 3×3. Without padding a 3×3 kernel cannot be centred on the edge "
                            "pixels, so it takes 1 pixel off each side (28×28 becomes 26×26); **padding**=1 adds a "
                            "border of zeros first, so the size stays 28×28. **Stride** is the step between windows: "
                            "stride 2 skips every other position and halves the size. `MaxPool2d(2, 2)` halves the "
                            "height and width (28×28 becomes 14×14). **Parameters** are the numbers the network "
                            "learns: this Conv2d has 32 filters × (1×3×3 weights) + 32 biases = 320.",
    "builder.input_label": "Input (C×H×W)",
    "builder.input_info": "C = channels (1 grey, 3 colour), H×W = height × width in pixels",
    "builder.custom": "Custom",
    "builder.preset": "Preset",
    "builder.load_preset": "Load preset",
    "builder.preset_classic": "Classic CNN (48×48 RGB)",
    "builder.preset_lenet": "LeNet-5",
    "builder.preset_examples": "pytorch/examples MNIST",
    "builder.preset_fast": "Fast MNIST (Training default)",
    "builder.preset_empty": "Empty",
    "builder.table_label": "Layers (click a row to edit it)",
    "builder.diagram_label": "Network (a block per layer, sized by its output)",
    "builder.edit_layer": "Edit layer",
    "builder.type": "Type",
    "builder.up": "↑ Up",
    "builder.down": "↓ Down",
    "builder.delete": "Delete",
    "builder.undo": "↶ Undo",
    "builder.new_layer": "New layer",
    "builder.insert_after": "Insert after selected",
    "builder.add_end": "Add at end",
    "builder.code_tab": "PyTorch code",
    "builder.code_download": "Download net.py",
    "builder.script_tab": "Training script",
    "builder.script_download": "Download train_net.py",
    "builder.json_tab": "JSON (save / load)",
    "builder.json_save": "Save network.json",
    "builder.json_load": "Load a .json file",
    "builder.json_apply": "Apply the JSON below",
    "builder.nothing_to_undo": "Nothing to undo.",
    "builder.select_first": "Select a layer first.",
    # ---- what the views write (playground/views/builder.py)
    "builder.col_index": "#",
    "builder.col_layer": "Layer",
    "builder.col_shape": "Output shape",
    "builder.col_params": "Parameters",
    "builder.col_macs": "MACs",
    "builder.col_share": "% params",
    "builder.col_notes": "Notes",
    "builder.input_row": "input",
    "builder.card_trainable": "trainable parameters",
    "builder.card_non_trainable": "non-trainable",
    "builder.card_size": "size (fp32)",
    "builder.card_macs": "MACs per image",
    "builder.card_activations": "activations per image",
    "builder.so_far": " so far",
    "builder.title_trainable": "sum of requires_grad parameters",
    "builder.title_non_trainable": "BatchNorm running statistics (buffers)",
    "builder.title_size": "parameters and buffers at 4 bytes each",
    "builder.title_macs": "{macs} multiply-accumulates (conv + linear)",
    "builder.title_activations": "fp32 outputs of every layer for one image",
    "builder.def_parameter": "Parameters: the numbers the network learns in training (the weights and biases of "
                             "its filters and Linear layers)",
    "builder.def_non_trainable": "Numbers saved with the model but not learned by gradients: BatchNorm's running "
                                 "mean and variance",
    "builder.def_size": "How much memory the parameters take: 4 bytes per number (32-bit floats)",
    "builder.def_macs": "MACs: multiply-accumulates, one multiplication and one addition; how much arithmetic one "
                        "image costs",
    "builder.def_activations": "Activations: the outputs every layer computes for an image, kept in memory for "
                               "training",
    "builder.ready": "✓ Ready: {shape} in, {classes} class scores out.",
    "builder.cannot_run": "✕ The network cannot run yet:",
    "builder.export_fix_first": "# Fix the network to export it:",
    "builder.fix_flatten": "Fix: insert Flatten before layer {index}",
    "builder.fix_linear": "Fix: add Linear(10) at the end",
    "builder.fix_classifier": "Fix: add Flatten + Linear(10) at the end",
    "builder.box_empty": "{name} was left empty, so it stays {now}",
    "builder.box_range": "{name} must be a whole number from 1 to {cap}, so it stays {now}",
    "builder.box_cap": "{name} can be at most {cap}, so it is set to {cap}",
    "builder.empty_help": "*The network is empty: add a layer.*",
    "builder.required": "required",
    "builder.default_value": "default: {value}",
    "builder.json_too_big": "that JSON is larger than {kb} kB",
    "builder.no_file": "no file arrived",
    "builder.file_too_big": "that file is larger than {kb} kB; a network JSON is a few kB",
    "builder.not_text_file": "that file is not a text file; save the network as JSON and load that",
    # ---- the layer catalogue (playground/cnn/layers.py): one line per layer type, one per argument
    "builder.layer.conv2d": "A convolution: slides small learned filters (kernels) over the image; each filter "
                            "gives one output channel. in_channels comes from the layer before.",
    "builder.layer.maxpool2d": "Pooling: keeps the largest value in each window: shrinks H×W, no parameters.",
    "builder.layer.avgpool2d": "Pooling: averages each window: shrinks H×W, no parameters.",
    "builder.layer.adaptiveavgpool2d": "Averages down to a fixed H×W (1 = global average pooling).",
    "builder.layer.batchnorm2d": "Batch normalization: rescales each channel to mean 0 and spread 1 over the batch, "
                                 "which steadies training; keeps running mean/var buffers.",
    "builder.layer.dropout": "Dropout: zeroes random elements while training, so the network cannot lean on any "
                             "single one (less overfitting).",
    "builder.layer.dropout2d": "Dropout for maps: zeroes whole random channels while training.",
    "builder.layer.relu": "An activation function: max(0, x), negatives become 0.",
    "builder.layer.leakyrelu": "x for x > 0, negative_slope·x otherwise.",
    "builder.layer.sigmoid": "1 / (1 + e^-x): squashes to (0, 1).",
    "builder.layer.tanh": "Squashes to (-1, 1).",
    "builder.layer.gelu": "x·Φ(x): a smooth ReLU used in transformers.",
    "builder.layer.flatten": "Flatten: turns each C×H×W map into one vector of C·H·W values.",
    "builder.layer.linear": "Fully connected: every output sees every input; in_features comes from the layer "
                            "before.",
    "builder.layer.softmax": "Turns scores into probabilities (leave it out for training with CrossEntropyLoss).",
    "builder.layer.logsoftmax": "log(softmax(x)), paired with NLLLoss.",
    "builder.arg.out_channels": "number of filters = output channels",
    "builder.arg.kernel_size": "window (kernel) height and width: 3 = 3×3 pixels",
    "builder.arg.stride": "step between windows: 2 halves H×W",
    "builder.arg.padding": 'zeros added on each side; "same" keeps H×W',
    "builder.arg.dilation": "spacing between kernel taps",
    "builder.arg.pool_stride": "step between windows (default: kernel_size)",
    "builder.arg.pool_padding": "implicit padding on each side (at most kernel_size // 2)",
    "builder.arg.ceil_mode": "round the output size up instead of down",
    "builder.arg.bias": "learn an additive bias",
    "builder.arg.p": "probability of zeroing an element in training",
    "builder.arg.output_size": "H×W of the output, whatever the input",
    "builder.arg.eps": "added to the variance for stability",
    "builder.arg.momentum": "running-statistics update rate",
    "builder.arg.affine": "learn a per-channel scale and shift",
    "builder.arg.negative_slope": "slope for negative inputs",
    "builder.arg.approximate": "exact or tanh approximation",
    "builder.arg.out_features": "number of outputs",
    "builder.arg.dim": "dimension that sums to 1",
    "builder.arg.log_dim": "dimension to normalize",
    # ---- argument checks (playground/cnn/layers.py)
    "builder.bad_bool": "{name} must be true or false, got {got}",
    "builder.bad_choice": "{name} must be one of {choices}, got {got}",
    "builder.bad_number": "{name} must be a number, got {got}",
    "builder.bad_prob": "{name} must be between 0 and 1, got {got}",
    "builder.bad_above_zero": "{name} must be greater than 0, got {got}",
    "builder.bad_whole": "{name} must be a whole number, got {got}",
    "builder.bad_size": "{name} must be a whole number or a pair [h, w], got {got}",
    "builder.bad_padding": '{name} must be a whole number or a pair [h, w] or "same"/"valid", got {got}',
    "builder.bad_positive": "{name} must be positive, got {got}",
    "builder.bad_minimum": "{name} must be at least {minimum}, got {got}",
    "builder.arg_required": "{name} is required",
    "builder.unknown_type": "unknown layer type {name}; choose one of: {choices}",
    # ---- reading a network (playground/cnn/spec.py, model.py, export.py)
    "builder.unknown_preset": "unknown preset {name}; choose one of: {choices}",
    "builder.input_not_chw": '"input" must be [C, H, W], three whole numbers; got {got}',
    "builder.input_not_whole": "input {dim} must be a whole number, got {got}",
    "builder.input_range": "input {dim} must be between 1 and {cap}, got {got}",
    "builder.not_json": "this is not valid JSON: {why} at line {line}, column {column}",
    "builder.too_deep": "this JSON is nested far too deeply to be a network",
    "builder.not_object": 'a network must be a JSON object: {{"input": [C, H, W], "layers": [...]}}',
    "builder.unknown_keys": 'unknown key(s) {keys}; expected "input" and "layers"',
    "builder.no_input": 'the network needs an "input": [C, H, W]',
    "builder.layers_not_list": '"layers" must be a list of layer objects',
    "builder.too_many_layers": "at most {most} layers are allowed, got {got}",
    "builder.max_layers": "at most {most} layers are allowed",
    "builder.layer_not_object": 'layer {i} must be an object with a "type", e.g. {{"type": "ReLU"}}',
    "builder.layer_unknown_type": "layer {i}: unknown layer type {name}; known types: {choices}",
    "builder.leave_out_inferred": "layer {i} {type}: leave out {key}, it is inferred from the layer before",
    "builder.unknown_arg": "layer {i} {type}: unknown argument {key}; its arguments are {known}",
    "builder.unknown_arg_none": "layer {i} {type}: unknown argument {key}; it takes no arguments",
    "builder.no_such_layer": "there is no layer {number}; the network has {count}",
    "builder.bad_position": "cannot insert at position {position}",
    "builder.no_such_arg": "{type} has no argument {name}",
    "builder.cannot_build": "the network cannot be built: {problems}",
    "builder.export_first": "fix the network before exporting: {problems}",
    # ---- the summary (playground/cnn/summary.py)
    "builder.vector_of": "a vector of {n:,} values",
    "builder.window": "{h}×{w} window",
    "builder.window_dilated": "{h}×{w} window (dilated)",
    "builder.padding_too_big": "padding {pad} is more than half the {kh}×{kw} window; PyTorch allows at most {most}",
    "builder.no_fit": "its input is {h}×{w}, a {window} does not fit",
    "builder.no_fit_padded": "its input is {h}×{w} (padded to {ph}×{pw}), a {window} does not fit",
    "builder.same_stride": 'padding="same" needs stride 1 (PyTorch does not support it for strided convolutions)',
    "builder.torch_refuses": "PyTorch refuses this layer: {why}",
    "builder.nothing_left": "its output would be {shape}: nothing is left to pass on",
    "builder.skipped": "not computable: an earlier layer has an error",
    "builder.needs_map": "{type} needs a C×H×W feature map, but its input is {input}; move it before Flatten",
    "builder.needs_vector": "{type} needs a vector, but its input is {input}: insert Flatten before it",
    "builder.layer_problem": "layer {index} {type}: {message}",
    "builder.empty_network": "the network is empty: add layers, ending in Linear(out_features=number of classes)",
    "builder.ends_with_map": "the network ends with a {shape} feature map, not a vector of class scores: add "
                             "Flatten and a Linear layer with one output per class",
    "builder.not_classifier": "the network ends in {type} with {n:,} outputs, not in a Linear layer that gives one "
                              "score per class: add Linear(10) at the end (out_features = the number of classes)",
    "builder.advice_softmax": "CrossEntropyLoss expects raw scores (logits) and applies log-softmax itself: remove "
                              "this Softmax for training and apply softmax only to read probabilities",
    "builder.advice_logsoftmax": "pair LogSoftmax with NLLLoss; the Training tab uses CrossEntropyLoss on raw "
                                 "scores, where this layer is redundant",
    "builder.advice_relu": "scores after a final ReLU cannot be negative, which hampers CrossEntropyLoss: end with "
                           "the Linear layer",
    "builder.advice_sigmoid": "a final Sigmoid squashes scores into (0, 1); CrossEntropyLoss expects raw scores",
    "builder.single_score": "the network outputs a single score; a classifier needs one score per class",
}

ES: dict[str, str] = {
    # ---- the tab's controls
    "builder.intro": "Construye una CNN capa a capa. Cada cambio vuelve a ejecutar las capas reales de PyTorch en el "
                     "dispositivo `meta`, así que las formas, los parámetros y las MACs son los de PyTorch. "
                     "`in_channels` e `in_features` se deducen de la capa anterior.",
    "builder.what_title": "¿Qué es una CNN?",
    "builder.what_text": "Una **red neuronal convolucional** (CNN) mira una imagen a través de ventanas pequeñas. Una "
                         "**convolución** desliza un **núcleo (kernel)** (también llamado **filtro**: una rejilla "
                         "pequeña de números aprendidos, por ejemplo de 3×3) sobre la imagen y, en cada posición, "
                         "multiplica y suma lo que cubre: así sale una imagen nueva, un mapa de dónde aparece el "
                         "patrón del filtro. Cada filtro da un **canal** de la salida; una imagen gris tiene 1 canal, "
                         "una en color 3 (rojo, verde, azul). Después, la **agrupación (pooling)** se queda con un "
                         "valor por ventana pequeña (el mayor o la media), así que los mapas se hacen más pequeños y "
                         "las capas siguientes ven una parte más amplia de la imagen. Al final, **Flatten** pone "
                         "todos los números en fila y una capa **Linear** los convierte en una puntuación por clase.",
    "builder.numbers_title": "Cómo leer los números",
    "builder.numbers_text": "Una forma como **32×14×14** significa 32 canales, cada uno de 14 píxeles de alto y 14 de "
                            "ancho (C×H×W). `Conv2d(1, 32, kernel_size=3, padding=1)` se lee así: 1 canal de "
                            "entrada, 32 filtros (es decir, 32 canales de salida), cada uno de 3×3. Sin relleno, un "
                            "núcleo de 3×3 no puede centrarse en los píxeles del borde, así que quita 1 píxel por "
                            "cada lado (28×28 pasa a 26×26); con **relleno** (padding)=1 se añade antes un borde de "
                            "ceros y el tamaño sigue en 28×28. El **paso** (stride) es el salto entre ventanas: con "
                            "paso 2 se salta una posición de cada dos y el tamaño se reduce a la mitad. "
                            "`MaxPool2d(2, 2)` reduce a la mitad el alto y el ancho (28×28 pasa a 14×14). Los "
                            "**parámetros** son los números que aprende la red: esta Conv2d tiene 32 filtros × "
                            "(1×3×3 pesos) + 32 sesgos = 320.",
    "builder.input_label": "Entrada (C×H×W)",
    "builder.input_info": "C = canales (1 gris, 3 color), H×W = alto × ancho en píxeles",
    "builder.custom": "Personalizada",
    "builder.preset": "Red de ejemplo",
    "builder.load_preset": "Cargar ejemplo",
    "builder.preset_classic": "CNN clásica (48×48 RGB)",
    "builder.preset_lenet": "LeNet-5",
    "builder.preset_examples": "pytorch/examples MNIST",
    "builder.preset_fast": "MNIST rápida (la de Entrenamiento)",
    "builder.preset_empty": "Vacía",
    "builder.table_label": "Capas (pulsa una fila para editarla)",
    "builder.diagram_label": "Red (un bloque por capa, según el tamaño de su salida)",
    "builder.edit_layer": "Editar capa",
    "builder.type": "Tipo",
    "builder.up": "↑ Subir",
    "builder.down": "↓ Bajar",
    "builder.delete": "Borrar",
    "builder.undo": "↶ Deshacer",
    "builder.new_layer": "Capa nueva",
    "builder.insert_after": "Insertar tras la elegida",
    "builder.add_end": "Añadir al final",
    "builder.code_tab": "Código PyTorch",
    "builder.code_download": "Descargar net.py",
    "builder.script_tab": "Script de entrenamiento",
    "builder.script_download": "Descargar train_net.py",
    "builder.json_tab": "JSON (guardar / cargar)",
    "builder.json_save": "Guardar network.json",
    "builder.json_load": "Cargar un .json",
    "builder.json_apply": "Aplicar el JSON de abajo",
    "builder.nothing_to_undo": "No hay nada que deshacer.",
    "builder.select_first": "Elige antes una capa.",
    # ---- what the views write
    "builder.col_index": "#",
    "builder.col_layer": "Capa",
    "builder.col_shape": "Forma de salida",
    "builder.col_params": "Parámetros",
    "builder.col_macs": "MACs",
    "builder.col_share": "% parám.",
    "builder.col_notes": "Notas",
    "builder.input_row": "entrada",
    "builder.card_trainable": "parámetros entrenables",
    "builder.card_non_trainable": "no entrenables",
    "builder.card_size": "tamaño (fp32)",
    "builder.card_macs": "MACs por imagen",
    "builder.card_activations": "activaciones por imagen",
    "builder.so_far": " hasta aquí",
    "builder.title_trainable": "suma de los parámetros con requires_grad",
    "builder.title_non_trainable": "estadísticas acumuladas de BatchNorm (buffers)",
    "builder.title_size": "parámetros y buffers a 4 bytes cada uno",
    "builder.title_macs": "{macs} multiplicaciones-acumulaciones (conv + linear)",
    "builder.title_activations": "salidas fp32 de todas las capas para una imagen",
    "builder.def_parameter": "Parámetros: los números que la red aprende al entrenar (los pesos y sesgos de sus "
                             "filtros y capas Linear)",
    "builder.def_non_trainable": "Números que se guardan con el modelo pero no se aprenden con gradientes: la media "
                                 "y la varianza acumuladas de BatchNorm",
    "builder.def_size": "La memoria que ocupan los parámetros: 4 bytes por número (decimales de 32 bits)",
    "builder.def_macs": "MACs: multiplicaciones-acumulaciones, una multiplicación y una suma; cuánta aritmética "
                        "cuesta una imagen",
    "builder.def_activations": "Activaciones: las salidas que calcula cada capa para una imagen, guardadas en memoria "
                               "para entrenar",
    "builder.ready": "✓ Lista: entra {shape}, salen {classes} puntuaciones de clase.",
    "builder.cannot_run": "✕ La red todavía no puede ejecutarse:",
    "builder.export_fix_first": "# Corrige la red para exportarla:",
    "builder.fix_flatten": "Arreglar: insertar Flatten antes de la capa {index}",
    "builder.fix_linear": "Arreglar: añadir Linear(10) al final",
    "builder.fix_classifier": "Arreglar: añadir Flatten + Linear(10) al final",
    "builder.box_empty": "{name} se quedó vacío, así que sigue en {now}",
    "builder.box_range": "{name} debe ser un número entero de 1 a {cap}, así que sigue en {now}",
    "builder.box_cap": "{name} puede ser como mucho {cap}, así que se pone en {cap}",
    "builder.empty_help": "*La red está vacía: añade una capa.*",
    "builder.required": "obligatorio",
    "builder.default_value": "por defecto: {value}",
    "builder.json_too_big": "ese JSON ocupa más de {kb} kB",
    "builder.no_file": "no ha llegado ningún archivo",
    "builder.file_too_big": "ese archivo ocupa más de {kb} kB; el JSON de una red ocupa unos pocos kB",
    "builder.not_text_file": "ese archivo no es de texto; guarda la red como JSON y carga ese",
    # ---- the layer catalogue
    "builder.layer.conv2d": "Una convolución: desliza pequeños filtros aprendidos (núcleos) sobre la imagen; cada "
                            "filtro da un canal de salida. in_channels sale de la capa anterior.",
    "builder.layer.maxpool2d": "Agrupación (pooling): se queda con el valor mayor de cada ventana: reduce H×W, sin "
                               "parámetros.",
    "builder.layer.avgpool2d": "Agrupación (pooling): hace la media de cada ventana: reduce H×W, sin parámetros.",
    "builder.layer.adaptiveavgpool2d": "Hace medias hasta un H×W fijo (1 = agrupación por media global).",
    "builder.layer.batchnorm2d": "Normalización por lotes: reescala cada canal a media 0 y dispersión 1 en el lote, "
                                 "lo que estabiliza el entrenamiento; guarda buffers de media/varianza acumuladas.",
    "builder.layer.dropout": "Dropout: pone a cero elementos al azar durante el entrenamiento, para que la red no "
                             "dependa de ninguno en concreto (menos sobreajuste).",
    "builder.layer.dropout2d": "Dropout para mapas: pone a cero canales enteros al azar durante el entrenamiento.",
    "builder.layer.relu": "Una función de activación: max(0, x), los negativos pasan a 0.",
    "builder.layer.leakyrelu": "x si x > 0; si no, negative_slope·x.",
    "builder.layer.sigmoid": "1 / (1 + e^-x): comprime a (0, 1).",
    "builder.layer.tanh": "Comprime a (-1, 1).",
    "builder.layer.gelu": "x·Φ(x): una ReLU suave que usan los transformers.",
    "builder.layer.flatten": "Flatten (aplanar): convierte cada mapa C×H×W en un vector de C·H·W valores.",
    "builder.layer.linear": "Totalmente conectada: cada salida ve todas las entradas; in_features sale de la capa "
                            "anterior.",
    "builder.layer.softmax": "Convierte puntuaciones en probabilidades (quítala para entrenar con "
                             "CrossEntropyLoss).",
    "builder.layer.logsoftmax": "log(softmax(x)), se usa junto con NLLLoss.",
    "builder.arg.out_channels": "número de filtros = canales de salida",
    "builder.arg.kernel_size": "alto y ancho de la ventana (núcleo): 3 = 3×3 píxeles",
    "builder.arg.stride": "paso entre ventanas: 2 reduce H×W a la mitad",
    "builder.arg.padding": 'ceros añadidos en cada lado (relleno); "same" mantiene H×W',
    "builder.arg.dilation": "separación entre los puntos del núcleo",
    "builder.arg.pool_stride": "paso entre ventanas (por defecto: kernel_size)",
    "builder.arg.pool_padding": "relleno implícito en cada lado (como mucho kernel_size // 2)",
    "builder.arg.ceil_mode": "redondea el tamaño de salida hacia arriba en vez de hacia abajo",
    "builder.arg.bias": "aprende un sesgo que se suma",
    "builder.arg.p": "probabilidad de poner a cero un elemento al entrenar",
    "builder.arg.output_size": "H×W de la salida, sea cual sea la entrada",
    "builder.arg.eps": "se suma a la varianza para dar estabilidad",
    "builder.arg.momentum": "ritmo de actualización de las estadísticas acumuladas",
    "builder.arg.affine": "aprende una escala y un desplazamiento por canal",
    "builder.arg.negative_slope": "pendiente para las entradas negativas",
    "builder.arg.approximate": "exacta o aproximación con tanh",
    "builder.arg.out_features": "número de salidas",
    "builder.arg.dim": "dimensión que suma 1",
    "builder.arg.log_dim": "dimensión que se normaliza",
    # ---- argument checks
    "builder.bad_bool": "{name} debe ser true o false, no {got}",
    "builder.bad_choice": "{name} debe ser uno de {choices}, no {got}",
    "builder.bad_number": "{name} debe ser un número, no {got}",
    "builder.bad_prob": "{name} debe estar entre 0 y 1, no {got}",
    "builder.bad_above_zero": "{name} debe ser mayor que 0, no {got}",
    "builder.bad_whole": "{name} debe ser un número entero, no {got}",
    "builder.bad_size": "{name} debe ser un número entero o un par [h, w], no {got}",
    "builder.bad_padding": '{name} debe ser un número entero, un par [h, w] o "same"/"valid", no {got}',
    "builder.bad_positive": "{name} debe ser positivo, no {got}",
    "builder.bad_minimum": "{name} debe ser al menos {minimum}, no {got}",
    "builder.arg_required": "{name} es obligatorio",
    "builder.unknown_type": "tipo de capa desconocido {name}; elige uno de: {choices}",
    # ---- reading a network
    "builder.unknown_preset": "red de ejemplo desconocida {name}; elige una de: {choices}",
    "builder.input_not_chw": '"input" debe ser [C, H, W], tres números enteros; llegó {got}',
    "builder.input_not_whole": "la entrada {dim} debe ser un número entero, no {got}",
    "builder.input_range": "la entrada {dim} debe estar entre 1 y {cap}, no {got}",
    "builder.not_json": "esto no es JSON válido: {why} en la línea {line}, columna {column}",
    "builder.too_deep": "este JSON tiene demasiados niveles anidados para ser una red",
    "builder.not_object": 'una red debe ser un objeto JSON: {{"input": [C, H, W], "layers": [...]}}',
    "builder.unknown_keys": 'clave(s) desconocida(s) {keys}; se esperan "input" y "layers"',
    "builder.no_input": 'la red necesita un "input": [C, H, W]',
    "builder.layers_not_list": '"layers" debe ser una lista de objetos de capa',
    "builder.too_many_layers": "se admiten como mucho {most} capas, y hay {got}",
    "builder.max_layers": "se admiten como mucho {most} capas",
    "builder.layer_not_object": 'la capa {i} debe ser un objeto con un "type", por ejemplo {{"type": "ReLU"}}',
    "builder.layer_unknown_type": "capa {i}: tipo de capa desconocido {name}; tipos conocidos: {choices}",
    "builder.leave_out_inferred": "capa {i} {type}: quita {key}, se deduce de la capa anterior",
    "builder.unknown_arg": "capa {i} {type}: argumento desconocido {key}; sus argumentos son {known}",
    "builder.unknown_arg_none": "capa {i} {type}: argumento desconocido {key}; no admite argumentos",
    "builder.no_such_layer": "no hay capa {number}; la red tiene {count}",
    "builder.bad_position": "no se puede insertar en la posición {position}",
    "builder.no_such_arg": "{type} no tiene el argumento {name}",
    "builder.cannot_build": "no se puede construir la red: {problems}",
    "builder.export_first": "corrige la red antes de exportarla: {problems}",
    # ---- the summary
    "builder.vector_of": "un vector de {n:,} valores",
    "builder.window": "una ventana de {h}×{w}",
    "builder.window_dilated": "una ventana de {h}×{w} (dilatada)",
    "builder.padding_too_big": "el relleno {pad} es más de la mitad de la ventana de {kh}×{kw}; PyTorch admite "
                               "como mucho {most}",
    "builder.no_fit": "su entrada es de {h}×{w}: {window} no cabe",
    "builder.no_fit_padded": "su entrada es de {h}×{w} ({ph}×{pw} con relleno): {window} no cabe",
    "builder.same_stride": 'padding="same" necesita stride 1 (PyTorch no lo admite en convoluciones con paso)',
    "builder.torch_refuses": "PyTorch rechaza esta capa: {why}",
    "builder.nothing_left": "su salida sería {shape}: no queda nada que pasar",
    "builder.skipped": "no se puede calcular: una capa anterior tiene un error",
    "builder.needs_map": "{type} necesita un mapa C×H×W, pero su entrada es {input}; muévela antes de Flatten",
    "builder.needs_vector": "{type} necesita un vector, pero su entrada es {input}: inserta Flatten antes",
    "builder.layer_problem": "capa {index} {type}: {message}",
    "builder.empty_network": "la red está vacía: añade capas y termina en Linear(out_features=número de clases)",
    "builder.ends_with_map": "la red termina en un mapa de {shape}, no en un vector de puntuaciones de clase: añade "
                             "Flatten y una capa Linear con una salida por clase",
    "builder.not_classifier": "la red termina en {type} con {n:,} salidas, no en una capa Linear que dé una "
                              "puntuación por clase: añade Linear(10) al final (out_features = número de clases)",
    "builder.advice_softmax": "CrossEntropyLoss espera puntuaciones en bruto (logits) y aplica log-softmax ella "
                              "misma: quita esta Softmax para entrenar y usa softmax solo para leer probabilidades",
    "builder.advice_logsoftmax": "LogSoftmax va con NLLLoss; la pestaña Entrenamiento usa CrossEntropyLoss con "
                                 "puntuaciones en bruto, y ahí esta capa sobra",
    "builder.advice_relu": "tras una ReLU final las puntuaciones no pueden ser negativas, lo que estorba a "
                           "CrossEntropyLoss: termina con la capa Linear",
    "builder.advice_sigmoid": "una Sigmoid final comprime las puntuaciones a (0, 1); CrossEntropyLoss espera "
                              "puntuaciones en bruto",
    "builder.single_score": "la red da una sola puntuación; un clasificador necesita una por clase",
}
