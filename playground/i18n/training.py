"""The training texts, in English (EN) and Spanish (ES): see playground/i18n/__init__.py.

The page translates one table text per label, so the ranges that labels give are written in here from the
config, not pieced together in the tab."""

from playground.config import TRAIN_RANGES

_LOW, _HIGH = TRAIN_RANGES.usual_lr
_DECAY = TRAIN_RANGES.max_weight_decay

EN: dict[str, str] = {
    # one-line definitions of the tab's terms (info lines, and <abbr title> in the server's HTML)
    "training.def_epoch": "An epoch is one pass over every training image.",
    "training.def_batch": "A batch is the handful of images the network looks at before it changes its weights once.",
    "training.def_lr": "The learning rate is how big a step each update of the weights takes.",
    "training.def_loss": "The loss is one number for how wrong the network is: lower is better.",
    "training.def_accuracy": "Accuracy is the share of images whose class the network gets right.",
    "training.def_validation": "Validation images are kept out of training, to check the network on images it "
                               "never learned from.",
    "training.def_augmentation": "Data augmentation shows each image slightly changed (turned, brighter) so the "
                                 "network cannot just memorize it.",
    "training.def_optimizer": "The optimizer is the rule that turns the gradients into changes of the weights.",
    "training.def_schedule": "A learning-rate schedule changes the learning rate during training, usually ending "
                             "with small, careful steps.",
    # words
    "training.word_loss": "loss",
    "training.word_accuracy": "accuracy",
    "training.word_cross_entropy": "cross-entropy",
    "training.word_lr": "lr",
    "training.unit_images": "images",
    "training.unit_tokens": "tokens",
    "training.unit_points": "points",
    # the controls
    "training.dataset": "Dataset",
    "training.dataset_mnist": "MNIST (handwritten digits)",
    "training.dataset_fashion_mnist": "Fashion-MNIST (clothing)",
    "training.dataset_kmnist": "KMNIST (cursive Japanese)",
    "training.dataset_cifar10": "CIFAR-10 (small photos)",
    "training.dataset_gtsrb": "GTSRB (German traffic signs)",
    "training.epochs": "Epochs",
    "training.batch_size": "Batch size",
    "training.lr_label": f"Learning rate (usually {_LOW:g} to {_HIGH:g})",
    "training.lr_info": "How big a step each update takes: too small and the loss falls slowly, too large and it "
                        "jumps or grows. Any value above 0 is accepted.",
    "training.optimizer": "Optimizer",
    "training.schedule": "Learning-rate schedule",
    "training.schedule_constant": "constant",
    "training.schedule_onecycle": "onecycle",
    "training.schedule_cosine": "cosine",
    "training.more_settings": "More settings",
    "training.weight_decay": f"Weight decay (0 to {_DECAY:g})",
    "training.weight_decay_info": "Pulls every weight a little toward 0 at each step, which can reduce overfitting.",
    "training.val_split": "Validation split",
    "training.seed": "Seed",
    "training.seed_info": "The same seed and settings give the same run again.",
    "training.augment_rotate": "Augment: random rotation",
    "training.augment_jitter": "Augment: brightness and contrast",
    "training.precision": "Precision (auto: bf16 where it is faster: CUDA, or a CPU with native bf16)",
    "training.train": "Train",
    "training.continue": "Continue",
    "training.stop": "Stop",
    "training.more": "Train more epochs (on these weights)",
    # HTML: the page translates one text per component, so the phone's scroll hint travels with the heading
    "training.eval_heading": 'Evaluation on the test set <span class="pg-scroll-hint">tables scroll sideways →</span>',
    "training.evaluate": "Evaluate",
    "training.report": "Classification report (scikit-learn)",
    "training.confusion": "Confusion matrix: rows true, columns predicted; click a cell to see its test images",
    "training.cell_gallery": "Test images in the selected cell",
    "training.mistakes": "Most confident mistakes: true → predicted (confidence)",
    "training.download": "Download weights (.safetensors)",
    "training.upload": "Load weights (.safetensors)",
    # teaching
    "training.about_title": "What is training?",
    "training.about": (
        "The network starts with random weights and guesses. Training shows it a **batch** of images, measures "
        "how wrong its answers are (the **loss**; here the *cross-entropy*, small when the right class gets a high "
        "probability), and nudges every weight a little in "
        "the direction that lowers the loss. The size of that nudge is the **learning rate**. One **epoch** is "
        "one pass over all the training images, so an epoch holds many batches. **Accuracy** is simply the share "
        "of images it gets right. A good run shows the loss falling and the accuracy rising."),
    "training.curves_title": "How to read the curves",
    "training.curves": (
        "The blue curves come from the training images, the red ones from the **validation** images the network "
        "never trains on. While both improve, the network is learning something general. When the training "
        "curve keeps improving but the validation curve stalls or gets worse, the network is **overfitting**: it "
        "memorizes its training images instead of learning what each class looks like. Fewer epochs, weight decay or "
        "**data augmentation** (slightly turned or brighter copies of each image) help against it."),
    "training.confusion_title": "How to read the confusion matrix",
    "training.confusion_help": (
        "A confusion matrix counts what the network answered for each true class. Each row is the true class of "
        "the test images, each column the class the network answered. The "
        "diagonal (blue) counts the right answers; every other cell (red) counts one kind of mistake, like "
        "\"a true 4 read as 9\". A dark red cell shows two classes the network mixes up. Click any cell to see "
        "its images: often they are images a person would hesitate on too."),
    # the server's lines
    "training.press_train": "Press Train to start.",
    "training.preparing": "Preparing the data and the network…",
    "training.stopping": "Stopping after the current step…",
    "training.loaded": "Loaded weights trained on {dataset}.",
    "training.fix_first": "fix the network in the CNN builder first: {problem}",
    "training.need_model": "Train a model (or load weights) first.",
    "training.no_weights": "There are no trained weights in this session yet.",
    "training.fix_button": "Fix: set the last Linear's out_features to {wanted}",
    "training.cell": "True {true}, predicted {predicted}: {count:,} images",
    "training.cell_none": " (none)",
    "training.progress": "Epoch {epoch}/{epochs} · step {step:,}/{total:,} · {loss} {value:.4f} · {rate:,.0f} "
                         "{unit}/s · {lr_term} {lr:.2e} · {elapsed} elapsed · ETA {eta}",
    "training.no_model": "No trained model in this session yet.",
    "training.model": "This session's model: trained on {dataset} for {steps:,} steps{val}.",
    "training.model_val": ", validation accuracy {acc:.2%}",
    "training.card_accuracy": "test accuracy",
    "training.card_loss": "test loss",
    "training.card_mistakes": "mistakes",
    "training.card_seconds": "evaluation time",
    "training.col_class": "class",
    "training.col_precision": "precision",
    "training.col_recall": "recall",
    "training.col_f1": "F1",
    "training.col_support": "support",
    "training.macro_avg": "macro avg",
    "training.weighted_avg": "weighted avg",
    "training.cm_corner": "true ↓ pred →",
    "training.net_broken": "**Network:** the CNN builder's network has errors; fix them there before training.",
    "training.net_line": "**Network** (from the CNN builder): {layers} layers, {params:,} parameters, input {shape}, "
                         "{classes} classes.",
    "training.net_line_outputs": "**Network** (from the CNN builder): {layers} layers, {params:,} parameters, input "
                                 "{shape}, {classes} outputs.",
    "training.net_no_linear": "⚠ **It ends without a Linear layer**, so its outputs are features, not class scores: "
                              "add one in the CNN builder (its fix button does it).",
    "training.net_mismatch": "⚠ **{title} has {wanted} classes but the network ends in {classes} outputs.** Use the "
                             "fix button, or set the last Linear's out_features to {wanted} in the CNN builder.",
    "training.estimate": "≈ {time} per epoch of {images:,} images on {device} (measured: one training step of this "
                         "network here).",
    "training.estimate_slow": "That is slow: fewer or smaller layers, or a GPU, would help.",
    "training.resuming": "Resuming the stopped run at step {step:,} on {images:,} images…",
    "training.starting": "Training on {images:,} images…",
    "training.evaluating": " Evaluating on the test set…",
    "training.test_accuracy": " Test accuracy {acc:.2%}.",
    "training.live_loss": "loss per step (log scale)",
    "training.live_accuracy": "accuracy per epoch",
    "training.series_loss": "loss",
    "training.series_smoothed": "smoothed",
    "training.series_validation": "validation",
    "training.series_train": "train",
    "training.series_lr": "learning rate",
    "training.plot_loss": "Training loss",
    "training.plot_accuracy": "Accuracy per epoch",
    "training.axis_step": "step",
    "training.axis_epoch": "epoch",
    "training.axis_correct": "% correct",
    "training.diagram_output": "output",
    "training.diagram_error": "error",
    "training.diagram_not_computed": "not computed",
    "training.note_bf16_slow": "bf16 is slower than fp32 on this CPU (measured at {speedup:.2f}× fp32's speed: it has "
                               "no native bf16), so this run will be slower; \"auto\" would use fp32 here.",
    # the engine's verdicts
    "training.done_finished_one": "finished 1 epoch ({steps} steps)",
    "training.done_finished": "finished {epochs} epochs ({steps} steps)",
    "training.done_stopped": "stopped by request after {steps} steps; the weights of that step are kept",
    "training.done_time_limit": "the run reached its time limit of {seconds:.0f} s after {steps} steps",
    "training.done_non_finite": "the loss became {value} at step {step}: training stopped and the last finite weights "
                                "were restored. The learning rate is probably too high.",
    "training.done_oom_gpu": "the GPU ran out of memory at step {step}: training stopped, the memory was freed and "
                             "the weights of step {safe} kept. Try a smaller batch size or a smaller network",
    "training.done_oom": "the device ran out of memory at step {step}: training stopped, the memory was freed and "
                         "the weights of step {safe} kept. Try a smaller batch size or a smaller network",
    "training.done_diverged": "training diverged: {how}. It was stopped and the weights of step {safe} restored. Try "
                              "a learning rate 10× smaller (or the OneCycle schedule, or gradient clipping)",
    "training.diverged_rose": "the smoothed loss rose from {start:.3g} to {now:,.4g}",
    "training.diverged_chance": "after epoch {epoch} it is right {acc:.1%} of the time, no better than guessing "
                                "({chance:.1%})",
    # errors a person can fix
    "training.err_unknown_settings": "unknown training settings: {names}",
    "training.err_unknown_setting": "unknown training setting: {names}",
    "training.err_whole_number": "{name} must be a whole number, got {value!r}",
    "training.err_number": "{name} must be a number, got {value!r}",
    "training.err_epochs": "epochs must be between 1 and {most}",
    "training.err_batch": "batch size must be between 1 and {most}",
    "training.err_lr": "the learning rate must be above 0 and at most {most:g}",
    "training.err_weight_decay": "weight decay must be between 0 and {most:g}",
    "training.err_val_split": "the validation split must be between {least:g} and {most:g}",
    "training.err_optimizer": "optimizer must be one of {names}",
    "training.err_schedule": "schedule must be one of {names}",
    "training.err_precision": "{problem}",
    "training.err_mode": "unknown run mode {mode!r}: choose one of {modes}",
    "training.err_nothing_to_continue": "there is no model to continue yet: press Train first",
    "training.err_network_changed": "the network changed since these weights were trained: press Train to start "
                                    "afresh",
    "training.err_run_finished": "the last run finished, so there is nothing to continue: use Train more epochs, or "
                                 "Train to start afresh",
    "training.err_too_many_params": "the network has {params:,} parameters; this server trains at most {most:,}",
    "training.err_class_count": "the network ends in {classes} class scores but {title} has {wanted} classes: set the "
                                "last Linear's out_features to {wanted} in the CNN builder",
    "training.err_too_large": "that file is larger than {mb} MB",
    "training.err_too_small": "that file is too small to be a .safetensors file",
    "training.err_pickle": "that is a pickled PyTorch file (torch.save): it is refused because loading pickles can "
                           "run code. Save the weights with safetensors (safetensors.torch.save_file) and upload that",
    "training.err_no_header": "that file is not a .safetensors file (its header is missing or broken)",
    "training.err_header_json": "that file is not a .safetensors file (its header is not JSON)",
    "training.err_header_object": "that file is not a .safetensors file (its header is not a JSON object)",
    "training.err_unreadable": "that file is not a readable .safetensors file ({detail})",
    "training.err_misfit": "these weights do not fit the network in the CNN builder: {problems}.{hint}",
    "training.err_other_network": " The file was saved from a different network; its JSON is in the file's "
                                  "metadata.",
    "training.err_unknown_dataset": "the checkpoint names an unknown dataset {dataset!r}",
    "training.err_damaged": "the checkpoint's metadata is damaged",
    "training.err_non_finite": "the checkpoint holds NaN or infinite weights",
    "training.err_unavailable": "{title} is not on this machine and could not be downloaded: {why}. Put these files "
                                "in {folder}: {files} (from {source}), then try again.",
    "training.why_offline": "the download servers could not be reached (is this machine offline?)",
    "training.why_damaged": "a downloaded file was damaged",
    "training.why_failed": "the download failed",
    "training.why_not_allowed": "downloading was not allowed",
}

ES: dict[str, str] = {
    "training.def_epoch": "Una época es una pasada por todas las imágenes de entrenamiento.",
    "training.def_batch": "Un lote es el puñado de imágenes que la red mira antes de cambiar sus pesos una vez.",
    "training.def_lr": "La tasa de aprendizaje es el tamaño del paso de cada cambio de los pesos.",
    "training.def_loss": "La pérdida es un número que dice cuánto se equivoca la red: cuanto más baja, mejor.",
    "training.def_accuracy": "La exactitud es la parte de las imágenes cuya clase acierta la red.",
    "training.def_validation": "Las imágenes de validación se apartan del entrenamiento, para probar la red con "
                               "imágenes de las que nunca aprendió.",
    "training.def_augmentation": "El aumento de datos muestra cada imagen un poco cambiada (girada, más clara) para "
                                 "que la red no pueda memorizarla sin más.",
    "training.def_optimizer": "El optimizador es la regla que convierte los gradientes en cambios de los pesos.",
    "training.def_schedule": "Un calendario de la tasa de aprendizaje la cambia durante el entrenamiento, casi "
                             "siempre para acabar con pasos pequeños y cuidadosos.",
    "training.word_loss": "pérdida",
    "training.word_accuracy": "exactitud",
    "training.word_cross_entropy": "entropía cruzada",
    "training.word_lr": "tasa",
    "training.unit_images": "imágenes",
    "training.unit_tokens": "tokens",
    "training.unit_points": "puntos",
    "training.dataset": "Conjunto de datos",
    "training.dataset_mnist": "MNIST (dígitos escritos a mano)",
    "training.dataset_fashion_mnist": "Fashion-MNIST (ropa)",
    "training.dataset_kmnist": "KMNIST (japonés cursivo)",
    "training.dataset_cifar10": "CIFAR-10 (fotos pequeñas)",
    "training.dataset_gtsrb": "GTSRB (señales de tráfico alemanas)",
    "training.epochs": "Épocas",
    "training.batch_size": "Tamaño del lote",
    "training.lr_label": f"Tasa de aprendizaje (normalmente de {_LOW:g} a {_HIGH:g})",
    "training.lr_info": "El tamaño del paso de cada cambio: si es muy pequeña, la pérdida baja despacio; si es muy "
                        "grande, salta o crece. Se acepta cualquier valor mayor que 0.",
    "training.optimizer": "Optimizador",
    "training.schedule": "Calendario de la tasa de aprendizaje",
    "training.schedule_constant": "constante",
    "training.schedule_onecycle": "onecycle",
    "training.schedule_cosine": "coseno",
    "training.more_settings": "Más ajustes",
    "training.weight_decay": f"Decaimiento de pesos (0 a {_DECAY:g})",
    "training.weight_decay_info": "Acerca un poco cada peso a 0 en cada paso, lo que puede reducir el sobreajuste.",
    "training.val_split": "Parte para validación",
    "training.seed": "Semilla",
    "training.seed_info": "La misma semilla con los mismos ajustes repite el mismo entrenamiento.",
    "training.augment_rotate": "Aumento de datos: giro al azar",
    "training.augment_jitter": "Aumento de datos: brillo y contraste",
    "training.precision": "Precisión (auto: bf16 donde es más rápido: CUDA, o una CPU con bf16 nativo)",
    "training.train": "Entrenar",
    "training.continue": "Continuar",
    "training.stop": "Detener",
    "training.more": "Más épocas (con estos pesos)",
    "training.eval_heading": 'Evaluación con el conjunto de prueba <span class="pg-scroll-hint">las tablas se '
                             'desplazan de lado →</span>',
    "training.evaluate": "Evaluar",
    "training.report": "Informe de clasificación (scikit-learn)",
    "training.confusion": "Matriz de confusión: filas verdaderas, columnas predichas; pulsa una celda para ver sus "
                          "imágenes de prueba",
    "training.cell_gallery": "Imágenes de prueba de la celda elegida",
    "training.mistakes": "Errores más seguros: verdadera → predicha (confianza)",
    "training.download": "Descargar pesos (.safetensors)",
    "training.upload": "Cargar pesos (.safetensors)",
    "training.about_title": "¿Qué es entrenar?",
    "training.about": (
        "La red empieza con pesos al azar y adivina. Entrenar es enseñarle un **lote** de imágenes, medir cuánto se "
        "equivocan sus respuestas (la **pérdida**; aquí la *entropía cruzada*, pequeña cuando la clase correcta "
        "recibe mucha probabilidad) y empujar cada peso un poco en la "
        "dirección que baja la pérdida. El tamaño de ese empujón es la **tasa de aprendizaje**. Una **época** es "
        "una pasada por todas las imágenes de entrenamiento, así que una época tiene muchos lotes. La "
        "**exactitud** es la parte de las imágenes que acierta. En un buen entrenamiento la pérdida baja y la "
        "exactitud sube."),
    "training.curves_title": "Cómo leer las curvas",
    "training.curves": (
        "Las curvas azules salen de las imágenes de entrenamiento; las rojas, de las imágenes de **validación**, "
        "con las que la red nunca entrena. Mientras las dos mejoran, la red aprende algo general. Si la curva de "
        "entrenamiento sigue mejorando pero la de validación se estanca o empeora, la red tiene **sobreajuste**: "
        "memoriza sus imágenes en vez de aprender cómo es cada clase. Menos épocas, decaimiento de pesos o "
        "**aumento de datos** (copias un poco giradas o más claras de cada imagen) ayudan contra él."),
    "training.confusion_title": "Cómo leer la matriz de confusión",
    "training.confusion_help": (
        "Una matriz de confusión cuenta qué respondió la red para cada clase verdadera. Cada fila es la clase "
        "verdadera de las imágenes de prueba; cada columna, la clase que respondió la red. "
        "La diagonal (azul) cuenta los aciertos; cada otra celda (roja) cuenta un tipo de error, como \"un 4 "
        "leído como 9\". Una celda de rojo oscuro muestra dos clases que la red confunde. Pulsa cualquier celda "
        "para ver sus imágenes: muchas veces son imágenes que también harían dudar a una persona."),
    "training.press_train": "Pulsa Entrenar para empezar.",
    "training.preparing": "Preparando los datos y la red…",
    "training.stopping": "Deteniendo tras el paso actual…",
    "training.loaded": "Pesos cargados, entrenados con {dataset}.",
    "training.fix_first": "primero arregla la red en el constructor de CNN: {problem}",
    "training.need_model": "Primero entrena un modelo (o carga pesos).",
    "training.no_weights": "Todavía no hay pesos entrenados en esta sesión.",
    "training.fix_button": "Arreglar: poner out_features de la última Linear a {wanted}",
    "training.cell": "Verdadera {true}, predicha {predicted}: {count:,} imágenes",
    "training.cell_none": " (ninguna)",
    "training.progress": "Época {epoch}/{epochs} · paso {step:,}/{total:,} · {loss} {value:.4f} · {rate:,.0f} "
                         "{unit}/s · {lr_term} {lr:.2e} · {elapsed} transcurrido · quedan {eta}",
    "training.no_model": "Todavía no hay un modelo entrenado en esta sesión.",
    "training.model": "El modelo de esta sesión: entrenado con {dataset} durante {steps:,} pasos{val}.",
    "training.model_val": ", exactitud de validación {acc:.2%}",
    "training.card_accuracy": "exactitud de prueba",
    "training.card_loss": "pérdida de prueba",
    "training.card_mistakes": "errores",
    "training.card_seconds": "tiempo de evaluación",
    "training.col_class": "clase",
    "training.col_precision": "precisión",
    "training.col_recall": "exhaustividad",
    "training.col_f1": "F1",
    "training.col_support": "casos",
    "training.macro_avg": "media macro",
    "training.weighted_avg": "media ponderada",
    "training.cm_corner": "verdadera ↓ predicha →",
    "training.net_broken": "**Red:** la red del constructor de CNN tiene errores; arréglalos allí antes de entrenar.",
    "training.net_line": "**Red** (del constructor de CNN): {layers} capas, {params:,} parámetros, entrada {shape}, "
                         "{classes} clases.",
    "training.net_line_outputs": "**Red** (del constructor de CNN): {layers} capas, {params:,} parámetros, entrada "
                                 "{shape}, {classes} salidas.",
    "training.net_no_linear": "⚠ **Termina sin una capa Linear**, así que sus salidas son rasgos, no puntuaciones de "
                              "clase: añade una en el constructor de CNN (su botón de arreglo lo hace).",
    "training.net_mismatch": "⚠ **{title} tiene {wanted} clases, pero la red termina en {classes} salidas.** Usa el "
                             "botón de arreglo, o pon out_features de la última Linear a {wanted} en el constructor "
                             "de CNN.",
    "training.estimate": "≈ {time} por época de {images:,} imágenes en {device} (medido: un paso de entrenamiento de "
                         "esta red aquí).",
    "training.estimate_slow": "Es lento: menos capas o más pequeñas, o una GPU, ayudarían.",
    "training.resuming": "Reanudando el entrenamiento detenido en el paso {step:,} con {images:,} imágenes…",
    "training.starting": "Entrenando con {images:,} imágenes…",
    "training.evaluating": " Evaluando con el conjunto de prueba…",
    "training.test_accuracy": " Exactitud de prueba {acc:.2%}.",
    "training.live_loss": "pérdida por paso (escala logarítmica)",
    "training.live_accuracy": "exactitud por época",
    "training.series_loss": "pérdida",
    "training.series_smoothed": "suavizada",
    "training.series_validation": "validación",
    "training.series_train": "entrenamiento",
    "training.series_lr": "tasa de aprendizaje",
    "training.plot_loss": "Pérdida de entrenamiento",
    "training.plot_accuracy": "Exactitud por época",
    "training.axis_step": "paso",
    "training.axis_epoch": "época",
    "training.axis_correct": "% de aciertos",
    "training.diagram_output": "salida",
    "training.diagram_error": "error",
    "training.diagram_not_computed": "sin calcular",
    "training.note_bf16_slow": "bf16 es más lento que fp32 en esta CPU (medido a {speedup:.2f}× la velocidad de fp32: "
                               "no tiene bf16 nativo), así que este entrenamiento irá más lento; \"auto\" usaría fp32 "
                               "aquí.",
    "training.done_finished_one": "terminada 1 época ({steps} pasos)",
    "training.done_finished": "terminadas {epochs} épocas ({steps} pasos)",
    "training.done_stopped": "detenido a petición tras {steps} pasos; se conservan los pesos de ese paso",
    "training.done_time_limit": "el entrenamiento llegó a su límite de tiempo de {seconds:.0f} s tras {steps} pasos",
    "training.done_non_finite": "la pérdida se volvió {value} en el paso {step}: el entrenamiento se detuvo y se "
                                "restauraron los últimos pesos finitos. Seguramente la tasa de aprendizaje es "
                                "demasiado alta.",
    "training.done_oom_gpu": "la GPU se quedó sin memoria en el paso {step}: el entrenamiento se detuvo, se liberó la "
                             "memoria y se conservaron los pesos del paso {safe}. Prueba un lote más pequeño o una "
                             "red más pequeña",
    "training.done_oom": "el dispositivo se quedó sin memoria en el paso {step}: el entrenamiento se detuvo, se liberó "
                         "la memoria y se conservaron los pesos del paso {safe}. Prueba un lote más pequeño o una red "
                         "más pequeña",
    "training.done_diverged": "el entrenamiento divergió: {how}. Se detuvo y se restauraron los pesos del paso {safe}. "
                              "Prueba una tasa de aprendizaje 10× menor (o el calendario OneCycle, o recortar el "
                              "gradiente)",
    "training.diverged_rose": "la pérdida suavizada subió de {start:.3g} a {now:,.4g}",
    "training.diverged_chance": "tras la época {epoch} acierta el {acc:.1%} de las veces, no mejor que adivinar "
                                "({chance:.1%})",
    "training.err_unknown_settings": "ajustes de entrenamiento desconocidos: {names}",
    "training.err_unknown_setting": "ajuste de entrenamiento desconocido: {names}",
    "training.err_whole_number": "{name} debe ser un número entero, no {value!r}",
    "training.err_number": "{name} debe ser un número, no {value!r}",
    "training.err_epochs": "las épocas deben estar entre 1 y {most}",
    "training.err_batch": "el tamaño del lote debe estar entre 1 y {most}",
    "training.err_lr": "la tasa de aprendizaje debe ser mayor que 0 y como mucho {most:g}",
    "training.err_weight_decay": "el decaimiento de pesos debe estar entre 0 y {most:g}",
    "training.err_val_split": "la parte para validación debe estar entre {least:g} y {most:g}",
    "training.err_optimizer": "el optimizador debe ser uno de {names}",
    "training.err_schedule": "el calendario debe ser uno de {names}",
    "training.err_precision": "{problem}",
    "training.err_mode": "modo de entrenamiento desconocido {mode!r}: elige uno de {modes}",
    "training.err_nothing_to_continue": "todavía no hay un modelo que continuar: pulsa primero Entrenar",
    "training.err_network_changed": "la red cambió desde que se entrenaron estos pesos: pulsa Entrenar para empezar "
                                    "de nuevo",
    "training.err_run_finished": "el último entrenamiento terminó, así que no hay nada que continuar: usa Más épocas, "
                                 "o Entrenar para empezar de nuevo",
    "training.err_too_many_params": "la red tiene {params:,} parámetros; este servidor entrena como mucho {most:,}",
    "training.err_class_count": "la red termina en {classes} puntuaciones de clase, pero {title} tiene {wanted} "
                                "clases: pon out_features de la última Linear a {wanted} en el constructor de CNN",
    "training.err_too_large": "ese archivo ocupa más de {mb} MB",
    "training.err_too_small": "ese archivo es demasiado pequeño para ser un archivo .safetensors",
    "training.err_pickle": "es un archivo de PyTorch con pickle (torch.save): se rechaza porque cargar un pickle puede "
                           "ejecutar código. Guarda los pesos con safetensors (safetensors.torch.save_file) y sube ese",
    "training.err_no_header": "ese archivo no es un .safetensors (falta su cabecera o está rota)",
    "training.err_header_json": "ese archivo no es un .safetensors (su cabecera no es JSON)",
    "training.err_header_object": "ese archivo no es un .safetensors (su cabecera no es un objeto JSON)",
    "training.err_unreadable": "ese archivo no es un .safetensors legible ({detail})",
    "training.err_misfit": "estos pesos no encajan en la red del constructor de CNN: {problems}.{hint}",
    "training.err_other_network": " El archivo se guardó desde otra red; su JSON está en los metadatos del archivo.",
    "training.err_unknown_dataset": "el punto de control nombra un conjunto de datos desconocido {dataset!r}",
    "training.err_damaged": "los metadatos del punto de control están dañados",
    "training.err_non_finite": "el punto de control tiene pesos NaN o infinitos",
    "training.err_unavailable": "{title} no está en esta máquina y no se pudo descargar: {why}. Pon estos archivos en "
                                "{folder}: {files} (de {source}) y vuelve a intentarlo.",
    "training.why_offline": "no se pudo llegar a los servidores de descarga (¿esta máquina está sin conexión?)",
    "training.why_damaged": "un archivo descargado estaba dañado",
    "training.why_failed": "la descarga falló",
    "training.why_not_allowed": "no se permitía descargar",
}
