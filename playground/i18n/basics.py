"""The basics texts, in English (EN) and Spanish (ES): see playground/i18n/__init__.py."""

EN: dict[str, str] = {
    # the tab and its three parts
    "basics.intro": "The first things a learner meets, computed by PyTorch: a neuron, activation functions, "
                    "backpropagation step by step, and a playground that trains small networks on 2-D data live.",
    "basics.tab_neuron": "A neuron",
    "basics.tab_backprop": "Backpropagation",
    "basics.tab_playground": "2-D playground",
    # a neuron
    "basics.neuron_explain": "**A neuron** is the smallest piece of a network: it multiplies each input by a "
                             "**weight** (how much that input counts), adds a **bias**, and passes the sum *z* "
                             "through an **activation function**, which bends it into the neuron's output *a*. Move "
                             "the sliders and watch *z* and *a* change. The curve shows the activation and its slope: "
                             "where the slope is near 0, learning through this neuron almost stops.",
    "basics.input_x1": "input x₁",
    "basics.input_x2": "input x₂",
    "basics.weight_w1": "weight w₁",
    "basics.weight_w2": "weight w₂",
    "basics.info_weight": "Weight: how strongly this input counts (a negative one pulls the sum down).",
    "basics.bias_b": "bias b",
    "basics.info_bias": "Bias: a number added to the sum; it shifts where the neuron switches on.",
    "basics.activation": "Activation",
    "basics.info_activation": "Activation function: bends the sum z into the output. Sigmoid squeezes it into 0…1, "
                              "tanh into −1…1, ReLU keeps positives and turns negatives into 0.",
    "basics.slope": "slope",
    "basics.note_sigmoid": "Sigmoid squashes any input into (0, 1), saturates for |z| above about 5 where its slope "
                           "is nearly 0, and its slope is at most 0.25, so gradients shrink fast through many sigmoid "
                           "layers.",
    "basics.note_tanh": "Tanh squashes any input into (-1, 1), centred on 0 with slope 1 there, but it saturates for "
                        "|z| above about 3, where gradients vanish.",
    "basics.note_relu": "ReLU keeps positive inputs unchanged and outputs 0 for negative ones: it never saturates for "
                        "z > 0 (slope exactly 1), which is why deep networks train with it, but a unit stuck at z < 0 "
                        "gets no gradient at all (a dead ReLU).",
    "basics.note_leakyrelu": "LeakyReLU is ReLU with a small slope (0.01) for negative inputs, so a unit with z < 0 "
                             "still gets a little gradient and cannot die.",
    "basics.note_gelu": "GELU weighs z by the chance a standard normal is below it: smooth, almost ReLU for large |z|, "
                        "with a small dip below 0 near z = -0.75; transformers such as BERT and GPT use it.",
    "basics.note_silu": "SiLU (Swish) is z times sigmoid(z): smooth, unbounded above, with a small dip below 0 near "
                        "z = -1.28, and it does not saturate for large positive z.",
    "basics.derivative_autograd": "derivative (autograd)",
    "basics.this_neuron": "this neuron",
    "basics.act_title": "a = {a}, slope {slope} at z = {z}",
    "basics.logits_label": "Logits (raw scores), comma-separated",
    "basics.info_logits": "Logits: a model's raw scores, one per class, before softmax turns them into probabilities.",
    "basics.temperature": "Temperature",
    "basics.info_temperature": "Temperature: the logits are divided by it. Low: softmax bets on the top class; high: "
                               "the chances even out.",
    "basics.softmax_note": "**Softmax** turns a list of scores into probabilities that are positive and add up to 1; "
                           "a bigger score gets a bigger share. `nn.CrossEntropyLoss` takes these raw scores and "
                           "applies log-softmax itself: never softmax before it.",
    "basics.class_logit": "class: logit",
    "basics.probability": "probability",
    "basics.depth_label": "Layers",
    "basics.info_vanishing": "Vanishing gradient: backpropagation multiplies one slope per layer, so slopes below 1 "
                             "(sigmoid's is at most 0.25) shrink the gradient toward 0 in a deep network and its "
                             "first layers stop learning.",
    "basics.vanish_title": "Best-case gradient factor through N layers (product of peak derivatives)",
    "basics.layers_axis": "layers",
    # backpropagation
    "basics.backprop_explain": "**Backpropagation** is how a network finds out which way to change each weight so "
                               "that its mistake gets smaller. A 2-2-1 network and one example. Walk through the four "
                               "stages with **Next**; every gradient is worked out with the chain rule in code and "
                               "compared with PyTorch's autograd.",
    "basics.target_y": "target y",
    "basics.info_target": "The answer the network should give for this example.",
    "basics.hidden_activation": "Hidden activation",
    "basics.loss": "Loss",
    "basics.info_loss": "Loss: one number for how wrong the prediction is (0: exactly right).",
    "basics.loss_mse": "MSE (ŷ = z)",
    "basics.loss_bce": "binary cross-entropy (ŷ = σ(z))",
    "basics.lr_eta": "learning rate η",
    "basics.info_lr": "Learning rate: how big a step each update takes. Too small: slow; too big: the loss jumps "
                      "around or blows up.",
    "basics.momentum": "momentum (0: plain SGD)",
    "basics.info_momentum": "Momentum: each step keeps part of the previous step's direction, like a ball rolling "
                            "downhill.",
    "basics.random_weights": "Random weights",
    "basics.back": "◀ Back",
    "basics.next": "Next ▶",
    "basics.apply": "Take the update",
    "basics.train100": "Train 100 steps",
    "basics.stage_forward": "1. Forward pass",
    "basics.stage_loss": "2. Loss",
    "basics.stage_backward": "3. Backward pass (chain rule)",
    "basics.stage_update": "4. Update",
    "basics.stage_of": "{title} (stage {n} of 4)",
    "basics.intro_forward": "Each hidden neuron multiplies the inputs by its weights, adds its bias and passes the sum "
                            "through its activation function; the output neuron does the same with the hidden values. "
                            "The numbers flow from the inputs to the prediction ŷ.",
    "basics.intro_loss_mse": "The loss is one number that says how wrong the prediction is: 0 means exactly right, "
                             "and it grows the further ŷ is from the target y. Here it is the squared difference "
                             "(MSE).",
    "basics.intro_loss_bce": "The loss is one number that says how wrong the prediction is: 0 means exactly right. "
                             "Binary cross-entropy reads ŷ as the chance that y is 1 and punishes a confident wrong "
                             "answer hard.",
    "basics.intro_backward": "A weight's gradient says how much the loss changes when that weight is nudged a little, "
                             "and in which direction (positive: a bigger weight gives a bigger loss). The chain rule "
                             "finds it by multiplying the small local slopes along the path from the weight to the "
                             "loss, as each line below does.",
    "basics.intro_update": "Each weight takes a small step against its gradient, so the loss goes down; the learning "
                           "rate η sets the size of the step. With momentum, the step also keeps part of the previous "
                           "step's direction.",
    "basics.sgd_rule": "SGD with η = {lr}: {rule}",
    "basics.rule_momentum": "v ← {mu}·v + ∂L/∂w, then w ← w − η·v",
    "basics.loss_change": "loss: {before} → {after}",
    "basics.last_stage_pointer": "**What now:** press **Take the update** to give the network these new weights (the "
                                 "boxes above change), then walk the four stages again with them.",
    "basics.graph_title": "Values under the nodes, gradients ∂L on the edges (red)",
    "basics.th_gradient": "gradient",
    "basics.def_gradient": "How much the loss changes when this weight is nudged a little, and in which direction.",
    "basics.th_chain_rule": "chain rule (by hand)",
    "basics.def_chain_rule": "To find how the loss depends on a weight deep inside, multiply the local slopes along "
                             "the path from the weight to the loss.",
    "basics.agrees": "autograd agrees",
    "basics.mismatch": "MISMATCH",
    "basics.loss_curve_title": "Loss while training 100 steps",
    "basics.trained_title": "Loss over {steps} steps: the weights above are now the trained ones",
    "basics.step_axis": "step",
    "basics.loss_axis": "loss",
    # the 2-D playground
    "basics.what_is_this": "What is this?",
    "basics.playground_help": "A small network learns to tell orange points from blue ones. The background colour is "
                              "its answer at each spot, and the line where orange turns into blue is the **decision "
                              "boundary**. The filled points train the network; the rings are the **test set**, points "
                              "it never trains on. While the **training loss** and the **test loss** both fall, it is "
                              "learning; when the test loss rises while the training loss keeps falling, it is "
                              "**overfitting**: learning the training points by heart instead of the pattern. One "
                              "**epoch** is one pass over all the training points.",
    "basics.data": "Data",
    "basics.ds_circle": "circle",
    "basics.ds_xor": "xor",
    "basics.ds_gaussians": "gaussians",
    "basics.ds_spiral": "spiral",
    "basics.ds_moons": "moons",
    "basics.noise": "Noise",
    "basics.info_noise": "How much the points are scattered: more noise, a harder task.",
    "basics.train_share": "Training share",
    "basics.info_train_share": "The share of points the network trains on; the rest are the test set it is checked on.",
    "basics.seed": "Seed",
    "basics.inputs": "Inputs",
    "basics.info_features": "Features: what the network is given for each point. x₁², x₁x₂ or sin(x₁) let even a "
                            "small network draw curved boundaries.",
    "basics.hidden_layers": "Hidden layers",
    "basics.info_hidden_layers": "Layers of neurons between the inputs and the output; 0 draws a straight boundary.",
    "basics.neurons_per_layer": "Neurons per layer",
    "basics.learning_rate": "Learning rate",
    "basics.optimizer": "Optimizer",
    "basics.info_optimizer": "How the weights are stepped: SGD takes plain steps, Adam adapts each weight's step size.",
    "basics.batch_size": "Batch size",
    "basics.info_batch_size": "Batch size: how many training points each update looks at.",
    "basics.regularization": "Regularization",
    "basics.info_regularization": "Regularization: a penalty on big weights that fights overfitting. L1 pushes many "
                                  "weights to exactly 0, L2 keeps them all small.",
    "basics.reg_none": "none",
    "basics.reg_l1": "L1",
    "basics.reg_l2": "L2",
    "basics.reg_rate": "Rate",
    "basics.info_reg_rate": "How strong the penalty is.",
    "basics.play": "▶ Play",
    "basics.pause": "Pause",
    "basics.step_epoch": "Step one epoch",
    "basics.reset": "Reset",
    "basics.curves_accordion": "Loss curves to hover (updated whenever Play rests)",
    "basics.code_accordion": "Show code: this network and its training loop as runnable PyTorch",
    "basics.status_first": "Epoch 0. Press Play.",
    "basics.status_reset": "Epoch 0: a new network with fresh random weights.",
    "basics.status_epoch": "Epoch {epoch}.",
    "basics.status_new_network": "A new network.",
    "basics.status_playing": "Epoch {epoch} — playing",
    "basics.status_playing_rate": "Epoch {epoch} — playing ({rate} epochs/s)",
    "basics.status_paused": "Epoch {epoch} — paused; Play continues with these weights.",
    "basics.w_boundary": "decision boundary",
    "basics.def_boundary": "Where the network's answer switches from orange to blue.",
    "basics.boundary_caption": "{epoch_term} {epoch}: {test_loss_term} {loss}, test accuracy {accuracy} (filled: "
                               "training points, rings: test points)",
    "basics.w_epoch": "epoch",
    "basics.def_epoch": "One pass over all the training points.",
    "basics.w_test_loss": "test loss",
    "basics.def_test_loss": "The loss on the test points, which the network never trains on: when it rises while the "
                            "training loss falls, the network is overfitting (learning the training points by heart).",
    "basics.train_loss": "train loss",
    "basics.test_loss": "test loss",
    "basics.epoch_axis": "epoch",
    "basics.loss_per_epoch": "loss per epoch",
    "basics.neurons_alt": "each input and hidden neuron over the plane",
    "basics.no_hidden": "none (a linear model)",
    "basics.neurons_caption": "Columns, left to right: the inputs ({inputs}), then each hidden layer ({layers}). Blue: "
                              "positive output, orange: negative, white: near zero (each picture scaled to its own "
                              "range).",
    "basics.why_diverged": "the loss grew far above where it started",
    "basics.why_non_finite": "the loss became infinite or not a number",
    "basics.advice_lr": "Training stopped because {why}, and the last good weights were restored: the learning rate "
                        "{lr} is too high for this network, try {smaller}.",
    "basics.advice_reg": "Training stopped because {why}, and the last good weights were restored: the learning rate "
                         "{lr} is too high for this network, try {smaller} or a smaller regularization rate.",
    # what the messages name
    "basics.what_bias": "the bias b",
    "basics.what_every_score": "every score",
    "basics.what_temperature": "the temperature",
    "basics.what_lr_code": "the learning rate lr",
    "basics.what_lr": "the learning rate",
    "basics.what_loss": "the loss",
    "basics.what_activation": "the activation",
    "basics.what_momentum": "the momentum",
    "basics.what_noise": "the noise",
    "basics.what_train_fraction": "the training fraction",
    "basics.what_points": "the number of points",
    "basics.what_layer_width": "hidden layer {layer}'s number of neurons",
    "basics.what_optimizer": "the optimizer",
    "basics.what_batch_size": "the batch size",
    "basics.what_regularization": "the regularization",
    "basics.what_reg_rate": "the regularization rate",
    "basics.what_dataset": "the dataset",
    "basics.what_epochs": "the number of epochs",
    # messages
    "basics.err_unknown_activation": "unknown activation {name}: choose one of {options}",
    "basics.err_not_number": "{what} must be a number, not {value}",
    "basics.err_not_ordinary": "{what} must be a finite number of ordinary size, not {value}",
    "basics.err_not_finite": "{what} must be a finite number, not {value}",
    "basics.err_between": "{what} must lie between {low} and {high}, not {value}",
    "basics.err_whole": "{what} must be a whole number from {low} to {high}, not {value}",
    "basics.err_choice": "{what} must be one of {options}, not {value}",
    "basics.err_pair": "{what} must be a list of 2 numbers, like [0.5, -1], not {value}",
    "basics.err_lr": "{what} must be above 0 and at most {most}, not {value}",
    "basics.err_curve_tensor": "the inputs of a curve must be a tensor of floating-point numbers",
    "basics.err_curve_points": "a curve takes between 1 and {most} points, not {count}",
    "basics.err_curve_finite": "the inputs of a curve must all be finite numbers",
    "basics.err_sum_too_large": "the weighted sum z is too large to compute: use smaller inputs or weights",
    "basics.err_softmax_count": "softmax needs a list of 1 to {most} numbers",
    "basics.err_temperature": "the temperature must be above 0, not {value}",
    "basics.err_layers": "the number of layers must be a whole number from 1 to {most}",
    "basics.err_no_activation": "choose at least one activation",
    "basics.err_request_object": "the request must be a JSON object like {\"x\": [1, 0], \"y\": 1, ...}",
    "basics.err_request_missing": "the request is missing {missing}; it needs all of {keys}",
    "basics.err_request_extra": "the request has unknown keys {extra}; it takes exactly {keys}",
    "basics.err_w1": "w1 must be 2 rows of 2 numbers, like [[0.1, 0.2], [0.3, 0.4]], not {value}",
    "basics.err_bce_target": "with the bce loss the target y must lie between 0 and 1, not {value}",
    "basics.err_json_constant": "the JSON holds {name}, which is not a number: use finite numbers only",
    "basics.err_json_text": "the request must be JSON text",
    "basics.err_json_size": "the JSON text is over {kb} kB; the request needs only a few lines",
    "basics.err_json_invalid": "the text is not valid JSON ({msg} at line {line}, column {column})",
    "basics.err_json_deep": "the JSON is nested far too deeply to be a request",
    "basics.err_json_long_number": "the JSON holds a number too long to read: use ordinary numbers",
    "basics.err_momentum": "the momentum must be at least 0 and below 1, not {value}",
    "basics.err_too_large": "these numbers are too large to compute with: use smaller weights, inputs or learning rate",
    "basics.err_steps": "the number of steps must be a whole number from 1 to {most}",
    "basics.err_seed": "the seed must be a whole number from 0 to {most}, not {value}",
    "basics.err_no_feature": "choose at least one input feature among {options}",
    "basics.err_feature_twice": "each input feature can be chosen only once",
    "basics.err_hidden_layers": "the network can have 0 to {most} hidden layers",
    "basics.err_settings_dict": "the playground settings must be a dictionary of named values",
    "basics.err_settings_unknown": "unknown playground settings: {names}",
    "basics.err_restore": "the saved playground could not be restored: start a new run",
    "basics.err_settings_number": "every playground setting needs a number",
    "basics.err_weight_number": "every weight needs a number",
    "basics.err_logits": "logits must be numbers separated by commas, such as 2, 1, 0.1",
}

ES: dict[str, str] = {
    # the tab and its three parts
    "basics.intro": "Lo primero que encuentra quien aprende, calculado con PyTorch: una neurona, las funciones de "
                    "activación, la retropropagación paso a paso y un laboratorio que entrena redes pequeñas con "
                    "datos 2D en directo.",
    "basics.tab_neuron": "Una neurona",
    "basics.tab_backprop": "Retropropagación",
    "basics.tab_playground": "Laboratorio 2D",
    # a neuron
    "basics.neuron_explain": "**Una neurona** es la pieza más pequeña de una red: multiplica cada entrada por un "
                             "**peso** (cuánto cuenta esa entrada), suma un **sesgo** y pasa la suma *z* por una "
                             "**función de activación**, que la dobla para dar la salida *a* de la neurona. Mueve los "
                             "deslizadores y mira cómo cambian *z* y *a*. La curva muestra la activación y su "
                             "pendiente: donde la pendiente es casi 0, el aprendizaje a través de esta neurona casi "
                             "se detiene.",
    "basics.input_x1": "entrada x₁",
    "basics.input_x2": "entrada x₂",
    "basics.weight_w1": "peso w₁",
    "basics.weight_w2": "peso w₂",
    "basics.info_weight": "Peso: cuánto cuenta esta entrada (uno negativo tira de la suma hacia abajo).",
    "basics.bias_b": "sesgo b",
    "basics.info_bias": "Sesgo: un número que se suma a la suma; mueve el punto donde la neurona se enciende.",
    "basics.activation": "Activación",
    "basics.info_activation": "Función de activación: dobla la suma z para dar la salida. Sigmoid la aprieta entre "
                              "0 y 1, tanh entre −1 y 1, ReLU deja los positivos y convierte los negativos en 0.",
    "basics.slope": "pendiente",
    "basics.note_sigmoid": "Sigmoid aplasta cualquier entrada dentro de (0, 1), se satura para |z| por encima de "
                           "unos 5, donde su pendiente es casi 0, y su pendiente vale como mucho 0.25, así que los "
                           "gradientes se encogen deprisa a través de muchas capas sigmoid.",
    "basics.note_tanh": "Tanh aplasta cualquier entrada dentro de (-1, 1), centrada en 0 con pendiente 1 ahí, pero se "
                        "satura para |z| por encima de unos 3, donde los gradientes se desvanecen.",
    "basics.note_relu": "ReLU deja igual las entradas positivas y da 0 para las negativas: nunca se satura para z > 0 "
                        "(pendiente exactamente 1), por eso las redes profundas entrenan con ella, pero una unidad "
                        "atascada en z < 0 no recibe ningún gradiente (una ReLU muerta).",
    "basics.note_leakyrelu": "LeakyReLU es ReLU con una pendiente pequeña (0.01) para las entradas negativas, así que "
                             "una unidad con z < 0 aún recibe un poco de gradiente y no puede morir.",
    "basics.note_gelu": "GELU pondera z por la probabilidad de que una normal estándar quede por debajo: suave, casi "
                        "ReLU para |z| grande, con un pequeño hundimiento bajo 0 cerca de z = -0.75; la usan "
                        "transformers como BERT y GPT.",
    "basics.note_silu": "SiLU (Swish) es z por sigmoid(z): suave, sin tope por arriba, con un pequeño hundimiento "
                        "bajo 0 cerca de z = -1.28, y no se satura para z positivos grandes.",
    "basics.derivative_autograd": "derivada (autograd)",
    "basics.this_neuron": "esta neurona",
    "basics.act_title": "a = {a}, pendiente {slope} en z = {z}",
    "basics.logits_label": "Logits (puntuaciones en bruto), separados por comas",
    "basics.info_logits": "Logits: las puntuaciones en bruto de un modelo, una por clase, antes de que softmax las "
                          "convierta en probabilidades.",
    "basics.temperature": "Temperatura",
    "basics.info_temperature": "Temperatura: los logits se dividen por ella. Baja: softmax apuesta por la clase más "
                               "alta; alta: las probabilidades se igualan.",
    "basics.softmax_note": "**Softmax** convierte una lista de puntuaciones en probabilidades positivas que suman 1; "
                           "una puntuación mayor se lleva una parte mayor. `nn.CrossEntropyLoss` recibe estas "
                           "puntuaciones en bruto y aplica log-softmax por sí misma: nunca apliques softmax antes.",
    "basics.class_logit": "clase: logit",
    "basics.probability": "probabilidad",
    "basics.depth_label": "Capas",
    "basics.info_vanishing": "Gradiente que se desvanece: la retropropagación multiplica una pendiente por capa, así "
                             "que las pendientes menores que 1 (la de sigmoid vale como mucho 0.25) encogen el "
                             "gradiente hacia 0 en una red profunda y sus primeras capas dejan de aprender.",
    "basics.vanish_title": "Factor del gradiente en el mejor caso a través de N capas (producto de las derivadas "
                           "máximas)",
    "basics.layers_axis": "capas",
    # backpropagation
    "basics.backprop_explain": "La **retropropagación** es cómo una red averigua hacia dónde cambiar cada peso para "
                               "que su error sea menor. Una red 2-2-1 y un ejemplo. Recorre las cuatro etapas con "
                               "**Siguiente**; cada gradiente se calcula con la regla de la cadena en código y se "
                               "compara con el autograd de PyTorch.",
    "basics.target_y": "objetivo y",
    "basics.info_target": "La respuesta que la red debería dar para este ejemplo.",
    "basics.hidden_activation": "Activación oculta",
    "basics.loss": "Pérdida",
    "basics.info_loss": "Pérdida: un número que dice cuánto se equivoca la predicción (0: exacta).",
    "basics.loss_mse": "MSE (ŷ = z)",
    "basics.loss_bce": "entropía cruzada binaria (ŷ = σ(z))",
    "basics.lr_eta": "tasa de aprendizaje η",
    "basics.info_lr": "Tasa de aprendizaje: lo grande que es el paso de cada actualización. Muy pequeña: lento; muy "
                      "grande: la pérdida salta o se dispara.",
    "basics.momentum": "momento (0: SGD simple)",
    "basics.info_momentum": "Momento (momentum): cada paso conserva parte de la dirección del paso anterior, como una "
                            "bola que rueda cuesta abajo.",
    "basics.random_weights": "Pesos aleatorios",
    "basics.back": "◀ Atrás",
    "basics.next": "Siguiente ▶",
    "basics.apply": "Aplicar paso",
    "basics.train100": "Entrenar 100 pasos",
    "basics.stage_forward": "1. Pasada hacia delante",
    "basics.stage_loss": "2. Pérdida",
    "basics.stage_backward": "3. Pasada hacia atrás (regla de la cadena)",
    "basics.stage_update": "4. Actualización",
    "basics.stage_of": "{title} (etapa {n} de 4)",
    "basics.intro_forward": "Cada neurona oculta multiplica las entradas por sus pesos, suma su sesgo y pasa la suma "
                            "por su función de activación; la neurona de salida hace lo mismo con los valores "
                            "ocultos. Los números fluyen de las entradas a la predicción ŷ.",
    "basics.intro_loss_mse": "La pérdida es un número que dice cuánto se equivoca la predicción: 0 significa exacta, "
                             "y crece cuanto más lejos está ŷ del objetivo y. Aquí es la diferencia al cuadrado "
                             "(MSE).",
    "basics.intro_loss_bce": "La pérdida es un número que dice cuánto se equivoca la predicción: 0 significa exacta. "
                             "La entropía cruzada binaria lee ŷ como la probabilidad de que y sea 1 y castiga mucho "
                             "una respuesta equivocada dada con seguridad.",
    "basics.intro_backward": "El gradiente de un peso dice cuánto cambia la pérdida si mueves ese peso un poquito, y "
                             "en qué dirección (positivo: un peso mayor da una pérdida mayor). La regla de la cadena "
                             "lo obtiene multiplicando las pequeñas pendientes locales del camino que va del peso a "
                             "la pérdida, como hace cada línea de abajo.",
    "basics.intro_update": "Cada peso da un pequeño paso en contra de su gradiente, así que la pérdida baja; la tasa "
                           "de aprendizaje η fija el tamaño del paso. Con momento, el paso además conserva parte de la "
                           "dirección del paso anterior.",
    "basics.sgd_rule": "SGD con η = {lr}: {rule}",
    "basics.rule_momentum": "v ← {mu}·v + ∂L/∂w, luego w ← w − η·v",
    "basics.loss_change": "pérdida: {before} → {after}",
    "basics.last_stage_pointer": "**Y ahora:** pulsa **Aplicar paso** para dar a la red estos pesos nuevos (cambian "
                                 "las casillas de arriba) y recorre otra vez las cuatro etapas con ellos.",
    "basics.graph_title": "Valores bajo los nodos, gradientes ∂L en las aristas (rojo)",
    "basics.th_gradient": "gradiente",
    "basics.def_gradient": "Cuánto cambia la pérdida si mueves este peso un poquito, y en qué dirección.",
    "basics.th_chain_rule": "regla de la cadena (a mano)",
    "basics.def_chain_rule": "Para saber cómo depende la pérdida de un peso escondido dentro de la red, multiplica "
                             "las pendientes locales del camino que va del peso a la pérdida.",
    "basics.agrees": "autograd coincide",
    "basics.mismatch": "NO COINCIDE",
    "basics.loss_curve_title": "Pérdida al entrenar 100 pasos",
    "basics.trained_title": "Pérdida en {steps} pasos: los pesos de arriba son ahora los entrenados",
    "basics.step_axis": "paso",
    "basics.loss_axis": "pérdida",
    # the 2-D playground
    "basics.what_is_this": "¿Qué es esto?",
    "basics.playground_help": "Una red pequeña aprende a distinguir puntos naranjas de puntos azules. El color del "
                              "fondo es su respuesta en cada sitio, y la línea donde el naranja pasa a azul es la "
                              "**frontera de decisión**. Los puntos rellenos entrenan la red; los anillos son el "
                              "**conjunto de prueba**, puntos con los que nunca entrena. Mientras la **pérdida de "
                              "entrenamiento** y la **pérdida de prueba** bajan, está aprendiendo; si la de prueba "
                              "sube mientras la de entrenamiento sigue bajando, hay **sobreajuste**: la red se aprende "
                              "de memoria los puntos de entrenamiento en vez del patrón. Una **época** es una pasada "
                              "por todos los puntos de entrenamiento.",
    "basics.data": "Datos",
    "basics.ds_circle": "círculo",
    "basics.ds_xor": "xor",
    "basics.ds_gaussians": "gaussianas",
    "basics.ds_spiral": "espiral",
    "basics.ds_moons": "lunas",
    "basics.noise": "Ruido",
    "basics.info_noise": "Cuánto se dispersan los puntos: más ruido, una tarea más difícil.",
    "basics.train_share": "Parte de entrenamiento",
    "basics.info_train_share": "La parte de los puntos con la que entrena la red; el resto es el conjunto de prueba "
                               "con el que se la comprueba.",
    "basics.seed": "Semilla",
    "basics.inputs": "Entradas",
    "basics.info_features": "Características: lo que recibe la red de cada punto. x₁², x₁x₂ o sin(x₁) permiten "
                            "que incluso una red pequeña dibuje fronteras curvas.",
    "basics.hidden_layers": "Capas ocultas",
    "basics.info_hidden_layers": "Capas de neuronas entre las entradas y la salida; con 0 la frontera es recta.",
    "basics.neurons_per_layer": "Neuronas por capa",
    "basics.learning_rate": "Tasa de aprendizaje",
    "basics.optimizer": "Optimizador",
    "basics.info_optimizer": "Cómo se mueven los pesos: SGD da pasos simples, Adam ajusta el tamaño del paso de cada "
                             "peso.",
    "basics.batch_size": "Tamaño de lote",
    "basics.info_batch_size": "Tamaño de lote: cuántos puntos de entrenamiento mira cada actualización.",
    "basics.regularization": "Regularización",
    "basics.info_regularization": "Regularización: una penalización a los pesos grandes que combate el sobreajuste. "
                                  "L1 lleva muchos pesos a 0 exacto, L2 los mantiene todos pequeños.",
    "basics.reg_none": "ninguna",
    "basics.reg_l1": "L1",
    "basics.reg_l2": "L2",
    "basics.reg_rate": "Tasa",
    "basics.info_reg_rate": "Lo fuerte que es la penalización.",
    "basics.play": "▶ Reproducir",
    "basics.pause": "Pausa",
    "basics.step_epoch": "Avanzar 1 época",
    "basics.reset": "Reiniciar",
    "basics.curves_accordion": "Curvas de pérdida para explorar (se actualizan cada vez que Reproducir se detiene)",
    "basics.code_accordion": "Ver código: esta red y su bucle de entrenamiento en PyTorch ejecutable",
    "basics.status_first": "Época 0. Pulsa Reproducir.",
    "basics.status_reset": "Época 0: una red nueva con pesos aleatorios nuevos.",
    "basics.status_epoch": "Época {epoch}.",
    "basics.status_new_network": "Una red nueva.",
    "basics.status_playing": "Época {epoch} — reproduciendo",
    "basics.status_playing_rate": "Época {epoch} — reproduciendo ({rate} épocas/s)",
    "basics.status_paused": "Época {epoch} — en pausa; Reproducir continúa con estos pesos.",
    "basics.w_boundary": "frontera de decisión",
    "basics.def_boundary": "Donde la respuesta de la red pasa de naranja a azul.",
    "basics.boundary_caption": "{epoch_term} {epoch}: {test_loss_term} {loss}, exactitud de prueba {accuracy} "
                               "(rellenos: puntos de entrenamiento, anillos: puntos de prueba)",
    "basics.w_epoch": "época",
    "basics.def_epoch": "Una pasada por todos los puntos de entrenamiento.",
    "basics.w_test_loss": "pérdida de prueba",
    "basics.def_test_loss": "La pérdida en los puntos de prueba, con los que la red nunca entrena: si sube mientras "
                            "la de entrenamiento baja, la red tiene sobreajuste (se aprende de memoria los puntos de "
                            "entrenamiento).",
    "basics.train_loss": "pérdida de entrenamiento",
    "basics.test_loss": "pérdida de prueba",
    "basics.epoch_axis": "época",
    "basics.loss_per_epoch": "pérdida por época",
    "basics.neurons_alt": "cada entrada y cada neurona oculta sobre el plano",
    "basics.no_hidden": "ninguna (un modelo lineal)",
    "basics.neurons_caption": "Columnas, de izquierda a derecha: las entradas ({inputs}) y luego cada capa oculta "
                              "({layers}). Azul: salida positiva, naranja: negativa, blanco: cerca de cero (cada "
                              "imagen en su propia escala).",
    "basics.why_diverged": "la pérdida creció muy por encima de donde empezó",
    "basics.why_non_finite": "la pérdida se volvió infinita o dejó de ser un número",
    "basics.advice_lr": "El entrenamiento se detuvo porque {why}, y se restauraron los últimos pesos buenos: la tasa "
                        "de aprendizaje {lr} es demasiado alta para esta red, prueba {smaller}.",
    "basics.advice_reg": "El entrenamiento se detuvo porque {why}, y se restauraron los últimos pesos buenos: la tasa "
                         "de aprendizaje {lr} es demasiado alta para esta red, prueba {smaller} o una tasa de "
                         "regularización más pequeña.",
    # what the messages name
    "basics.what_bias": "el sesgo b",
    "basics.what_every_score": "cada puntuación",
    "basics.what_temperature": "la temperatura",
    "basics.what_lr_code": "la tasa de aprendizaje lr",
    "basics.what_lr": "la tasa de aprendizaje",
    "basics.what_loss": "la pérdida",
    "basics.what_activation": "la activación",
    "basics.what_momentum": "el momento (momentum)",
    "basics.what_noise": "el ruido",
    "basics.what_train_fraction": "la parte de entrenamiento",
    "basics.what_points": "el número de puntos",
    "basics.what_layer_width": "el número de neuronas de la capa oculta {layer}",
    "basics.what_optimizer": "el optimizador",
    "basics.what_batch_size": "el tamaño de lote",
    "basics.what_regularization": "la regularización",
    "basics.what_reg_rate": "la tasa de regularización",
    "basics.what_dataset": "el conjunto de datos",
    "basics.what_epochs": "el número de épocas",
    # messages
    "basics.err_unknown_activation": "activación desconocida {name}: elige una de {options}",
    "basics.err_not_number": "{what}: tiene que ser un número, no {value}",
    "basics.err_not_ordinary": "{what}: tiene que ser un número finito de tamaño normal, no {value}",
    "basics.err_not_finite": "{what}: tiene que ser un número finito, no {value}",
    "basics.err_between": "{what}: tiene que estar entre {low} y {high}, no {value}",
    "basics.err_whole": "{what}: tiene que ser un número entero de {low} a {high}, no {value}",
    "basics.err_choice": "{what}: tiene que ser una de estas opciones: {options}; no {value}",
    "basics.err_pair": "{what}: tiene que ser una lista de 2 números, como [0.5, -1], no {value}",
    "basics.err_lr": "{what}: tiene que ser mayor que 0 y como mucho {most}, no {value}",
    "basics.err_curve_tensor": "las entradas de una curva tienen que ser un tensor de números de coma flotante",
    "basics.err_curve_points": "una curva admite entre 1 y {most} puntos, no {count}",
    "basics.err_curve_finite": "todas las entradas de una curva tienen que ser números finitos",
    "basics.err_sum_too_large": "la suma ponderada z es demasiado grande para calcularla: usa entradas o pesos más "
                                "pequeños",
    "basics.err_softmax_count": "softmax necesita una lista de 1 a {most} números",
    "basics.err_temperature": "la temperatura tiene que ser mayor que 0, no {value}",
    "basics.err_layers": "el número de capas tiene que ser un entero de 1 a {most}",
    "basics.err_no_activation": "elige al menos una activación",
    "basics.err_request_object": "la petición tiene que ser un objeto JSON como {\"x\": [1, 0], \"y\": 1, ...}",
    "basics.err_request_missing": "a la petición le falta {missing}; necesita todas estas claves: {keys}",
    "basics.err_request_extra": "la petición tiene claves desconocidas {extra}; admite exactamente {keys}",
    "basics.err_w1": "w1 tiene que ser 2 filas de 2 números, como [[0.1, 0.2], [0.3, 0.4]], no {value}",
    "basics.err_bce_target": "con la pérdida bce el objetivo y tiene que estar entre 0 y 1, no {value}",
    "basics.err_json_constant": "el JSON contiene {name}, que no es un número: usa solo números finitos",
    "basics.err_json_text": "la petición tiene que ser texto JSON",
    "basics.err_json_size": "el texto JSON pasa de {kb} kB; la petición solo necesita unas pocas líneas",
    "basics.err_json_invalid": "el texto no es JSON válido ({msg} en la línea {line}, columna {column})",
    "basics.err_json_deep": "el JSON está anidado demasiado hondo para ser una petición",
    "basics.err_json_long_number": "el JSON contiene un número demasiado largo para leerlo: usa números normales",
    "basics.err_momentum": "el momento tiene que ser al menos 0 y menor que 1, no {value}",
    "basics.err_too_large": "estos números son demasiado grandes para calcular con ellos: usa pesos, entradas o una "
                            "tasa de aprendizaje más pequeños",
    "basics.err_steps": "el número de pasos tiene que ser un entero de 1 a {most}",
    "basics.err_seed": "la semilla tiene que ser un entero de 0 a {most}, no {value}",
    "basics.err_no_feature": "elige al menos una característica de entrada entre {options}",
    "basics.err_feature_twice": "cada característica de entrada solo se puede elegir una vez",
    "basics.err_hidden_layers": "la red puede tener de 0 a {most} capas ocultas",
    "basics.err_settings_dict": "los ajustes del laboratorio tienen que ser un diccionario de valores con nombre",
    "basics.err_settings_unknown": "ajustes del laboratorio desconocidos: {names}",
    "basics.err_restore": "no se pudo restaurar el laboratorio guardado: empieza una ejecución nueva",
    "basics.err_settings_number": "cada ajuste del laboratorio necesita un número",
    "basics.err_weight_number": "cada peso necesita un número",
    "basics.err_logits": "los logits tienen que ser números separados por comas, como 2, 1, 0.1",
}
