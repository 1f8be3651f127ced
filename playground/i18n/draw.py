"""The draw texts, in English (EN) and Spanish (ES): see playground/i18n/__init__.py.

The short notes under the pictures carry their terms' one-line definitions (``<abbr title>``); they are written
in here from the definitions, so each definition is typed once."""

from html import escape

# one-line definitions of the tab's terms (the notes under the pictures, and <abbr title> in the answer box)
_DEF_EN = {
    "input28": "28×28 input: the model always gets a picture of 28 by 28 pixels, 784 numbers, one per pixel.",
    "centre": "Centre of mass: the point where the ink balances, the average position of all its pixels, "
              "weighted by how dark they are.",
    "probability": "Probability: how likely the model thinks each digit is, from 0% to 100%; the ten add up to 100%.",
    "confidence": "Confidence: the probability the model gives its own answer. High does not always mean right.",
    "saliency": "Saliency map: a picture of how much the answer would change if each pixel changed a little.",
    "gradient": "Gradient: how fast the answer's score goes up or down as one pixel gets a bit darker.",
    "feature_map": "Feature map: the output of one filter of a convolution, bright where the filter found its "
                   "pattern.",
    "softmax": "Softmax: the last step of the model; it turns ten raw scores into ten probabilities that add up to "
               "100%.",
}
_DEF_ES = {
    "input28": "Entrada de 28×28: el modelo siempre recibe una imagen de 28 por 28 píxeles, 784 números, uno por "
               "píxel.",
    "centre": "Centro de masa: el punto donde la tinta queda en equilibrio, la posición media de todos sus píxeles, "
              "pesada por lo oscuros que son.",
    "probability": "Probabilidad: lo probable que el modelo cree que es cada dígito, de 0% a 100%; las diez suman "
                   "100%.",
    "confidence": "Confianza: la probabilidad que el modelo da a su propia respuesta. Alta no siempre significa "
                  "correcta.",
    "saliency": "Mapa de saliencia: una imagen de cuánto cambiaría la respuesta si cada píxel cambiara un poco.",
    "gradient": "Gradiente: lo rápido que sube o baja la puntuación de la respuesta cuando un píxel se oscurece un "
                "poco.",
    "feature_map": "Mapa de características: la salida de un filtro de una convolución, brillante donde el filtro "
                   "encontró su patrón.",
    "softmax": "Softmax: el último paso del modelo; convierte diez puntuaciones en bruto en diez probabilidades que "
               "suman 100%.",
}


def _abbr(defs: dict[str, str], name: str, term: str) -> str:
    return f'<abbr title="{escape(defs[name])}">{term}</abbr>'


def _notes(defs: dict[str, str], words: dict[str, str]) -> dict[str, str]:
    """The notes under the pictures, their terms wrapped in their definitions."""
    terms = {name: _abbr(defs, name, term) for name, term in words.items() if name in defs}
    return {key: text.format(**terms) for key, text in words.items() if key.startswith("draw.")}


EN: dict[str, str] = {
    **{f"draw.def_{name}": text for name, text in _DEF_EN.items()},
    # the page
    "draw.what_is_this": "What is this?",
    "draw.what_body": "A small convolutional network, trained on thousands of handwritten digits (the MNIST set), "
                      "reads your drawing and gives each of the ten digits a probability; the largest is its answer. "
                      "Under the answer you see how it got there: the small picture it really reads, the pixels its "
                      "answer depends on, and the patterns its convolutions found on the way. Try a sloppy digit, a "
                      "tiny one in a corner, or something that is not a digit at all, and watch the answer change.",
    "draw.pad_label": "Drawing pad: draw one digit",
    "draw.pad_hint": "Draw one digit, as large as you like. It is read each time you lift the pen.",
    "draw.clear": "Clear",
    "draw.upload": "Or upload a photo or scan of a digit",
    "draw.probabilities": "Probabilities",
    "draw.seen": "What the model sees (28×28, MNIST-centred)",
    "draw.saliency": "Saliency: the pixels the answer depends on most (SmoothGrad)",
    "draw.maps": "Feature maps of each convolution (brighter = stronger response)",
    "draw.api_image": "digit image",
    "draw.doubt_title": "Why can the model be unsure?",
    "draw.doubt_body": "The model always picks one of its ten digits, even for a dot or a line: it has no answer "
                       "for \"not a digit\". So the app checks two things. First the shape: a digit is made of "
                       "strokes, so a solid blob, or ink far wider than it is tall, is suspicious. Then it shows the "
                       "model four slightly changed copies of your drawing (turned 10° each way, 10% smaller and "
                       "larger). A real digit keeps its answer when nudged; if the answer's average probability "
                       "falls below 55%, it is shown as a guess. And a high probability is no promise: on a style it "
                       "never saw, the model can be sure and wrong.",
    # the server's words
    "draw.prompt": "Draw a digit on the pad.",
    "draw.answering_default": "**Answering:** the default digit model (the fast MNIST net, trained by the project's "
                              "own command; see its model card). Train a model in the Training tab and it answers "
                              "here instead.",
    "draw.answering_own": "**Answering:** your model from the Training tab (trained on {dataset}, {steps:,} "
                          "steps{acc}).",
    "draw.answering_acc": ", {val:.1%} on its validation split",
    "draw.sure": "{p:.1%} {word}",
    "draw.word_sure": "sure",
    "draw.unsure_digit": "Not sure this is a digit — best guess {guess} ({p:.1%})",
    "draw.unsure_other": "Not sure what this is — best guess {guess} ({p:.1%})",
    "draw.maps_caption": "{name}: {count} maps of {h}×{w}",
    "draw.maps_first": " (first {limit})",
    # why an answer is only a guess (playground.digits.doubt)
    "draw.doubt_no_ink": "there is almost no ink in it",
    "draw.doubt_wide": "it is far wider than it is tall, like a line",
    "draw.doubt_solid": "it is a solid patch of ink, not strokes",
    "draw.doubt_views": "the model's answer changes when the drawing is turned or resized a little",
    # problems with a drawing or an upload
    "draw.send_image": "Send an image of one digit.",
    "draw.not_arrived": "the drawing did not arrive as an image",
    "draw.url_too_large": "the drawing is too large",
    "draw.not_intact": "the drawing did not arrive intact",
    "draw.blank": "blank",
    "draw.blank_transparent": "blank (fully transparent)",
    "draw.empty": "the image is {what}: there is no digit in it",
    "draw.upload_empty": "the uploaded image is {what}: there is no digit in it. Upload a picture of one digit",
    "draw.too_large": "that image is {mp:.1f} megapixels; the limit is {limit:.0f}. A photo of one digit needs far "
                      "less: crop or shrink it",
    "draw.file_too_large": "that file is larger than {mb} MB; upload a smaller picture",
    "draw.not_image": "that file is not an image: upload a PNG, JPEG or similar picture of a digit",
    "draw.unreadable": "that image could not be read: upload a PNG, JPEG or similar picture",
    "draw.too_small_one": "that image is {w}×{h} pixel, too small to hold a digit: a picture of one digit needs at "
                          "least {side}×{side} pixels",
    "draw.too_small": "that image is {w}×{h} pixels, too small to hold a digit: a picture of one digit needs at "
                      "least {side}×{side} pixels",
    "draw.damaged": "that image is damaged or cut short and could not be decoded",
    "draw.mostly_ink": "the picture is mostly ink: clear the canvas and draw one digit",
    "draw.dot": "that is a dot, not a digit: draw the digit larger",
    **_notes(_DEF_EN, {
        "input28": "28×28", "centre": "centre of mass", "probability": "probabilities", "softmax": "softmax",
        "saliency": "saliency map", "gradient": "gradient", "feature_map": "feature map",
        "draw.probs_note": "The {softmax} turns the model's ten scores into {probability} that add up to 100%.",
        "draw.seen_note": "Your drawing is cut to its digit, scaled to fit 20×20 and placed in a {input28} square "
                          "with its {centre} in the middle, as the MNIST digits were. So a digit drawn small in a "
                          "corner still looks like the ones the model trained on.",
        "draw.saliency_note": "A {saliency}: the brighter a pixel, the more the answer would change if you added or "
                              "removed ink there. It is the {gradient} of the answer's score, averaged over 16 "
                              "slightly noisy copies of the picture so it is less speckled.",
        "draw.maps_note": "Each small square is a {feature_map}: one filter slid over the picture, bright where it "
                          "found its pattern (an edge, a curve, an end of a stroke). The first convolution finds "
                          "simple strokes; the second combines them into larger parts.",
    }),
}

ES: dict[str, str] = {
    **{f"draw.def_{name}": text for name, text in _DEF_ES.items()},
    # la página
    "draw.what_is_this": "¿Qué es esto?",
    "draw.what_body": "Una pequeña red convolucional, entrenada con miles de dígitos escritos a mano (el conjunto "
                      "MNIST), lee tu dibujo y da a cada uno de los diez dígitos una probabilidad; el mayor es su "
                      "respuesta. Debajo ves cómo llegó a ella: la pequeña imagen que de verdad lee, los píxeles de "
                      "los que depende su respuesta y los patrones que sus convoluciones encontraron por el camino. "
                      "Prueba un dígito descuidado, uno diminuto en una esquina o algo que no sea un dígito, y mira "
                      "cómo cambia la respuesta.",
    "draw.pad_label": "Tablero de dibujo: dibuja un dígito",
    "draw.pad_hint": "Dibuja un dígito, del tamaño que quieras. Se lee cada vez que levantas el lápiz.",
    "draw.clear": "Borrar",
    "draw.upload": "O carga una foto o un escaneo de un dígito",
    "draw.probabilities": "Probabilidades",
    "draw.seen": "Lo que ve el modelo (28×28, centrado como MNIST)",
    "draw.saliency": "Saliencia: los píxeles de los que más depende la respuesta (SmoothGrad)",
    "draw.maps": "Mapas de características de cada convolución (más brillo = respuesta más fuerte)",
    "draw.api_image": "imagen del dígito",
    "draw.doubt_title": "¿Por qué puede dudar el modelo?",
    "draw.doubt_body": "El modelo siempre elige uno de sus diez dígitos, incluso para un punto o una raya: no tiene "
                       "respuesta para «no es un dígito». Por eso la aplicación comprueba dos cosas. Primero la "
                       "forma: un dígito está hecho de trazos, así que una mancha maciza, o tinta mucho más ancha que "
                       "alta, es sospechosa. Después enseña al modelo cuatro copias de tu dibujo un poco cambiadas "
                       "(giradas 10° a cada lado, un 10% más pequeñas y más grandes). Un dígito de verdad mantiene su "
                       "respuesta al moverlo un poco; si la probabilidad media de la respuesta baja de 55%, se "
                       "muestra como una suposición. Y una probabilidad alta no es una promesa: con un estilo que "
                       "nunca vio, el modelo puede estar seguro y equivocarse.",
    # lo que escribe el servidor
    "draw.prompt": "Dibuja un dígito en el tablero.",
    "draw.answering_default": "**Responde:** el modelo de dígitos por defecto (la red rápida de MNIST, entrenada con "
                              "el propio comando del proyecto; mira su ficha del modelo). Entrena un modelo en la "
                              "pestaña Entrenamiento y responderá él aquí.",
    "draw.answering_own": "**Responde:** tu modelo de la pestaña Entrenamiento (entrenado con {dataset}, {steps:,} "
                          "pasos{acc}).",
    "draw.answering_acc": ", {val:.1%} en su parte de validación",
    "draw.sure": "{p:.1%} de {word}",
    "draw.word_sure": "confianza",
    "draw.unsure_digit": "No sé si es un dígito — lo más probable: {guess} ({p:.1%})",
    "draw.unsure_other": "No sé qué es — lo más probable: {guess} ({p:.1%})",
    "draw.maps_caption": "{name}: {count} mapas de {h}×{w}",
    "draw.maps_first": " (los {limit} primeros)",
    # por qué una respuesta es solo una suposición
    "draw.doubt_no_ink": "casi no tiene tinta",
    "draw.doubt_wide": "es mucho más ancho que alto, como una raya",
    "draw.doubt_solid": "es una mancha maciza de tinta, no trazos",
    "draw.doubt_views": "la respuesta del modelo cambia al girar o cambiar un poco de tamaño el dibujo",
    # problemas con un dibujo o un archivo
    "draw.send_image": "Envía una imagen de un dígito.",
    "draw.not_arrived": "el dibujo no llegó como una imagen",
    "draw.url_too_large": "el dibujo es demasiado grande",
    "draw.not_intact": "el dibujo no llegó entero",
    "draw.blank": "está en blanco",
    "draw.blank_transparent": "está en blanco (totalmente transparente)",
    "draw.empty": "la imagen {what}: no hay ningún dígito en ella",
    "draw.upload_empty": "la imagen cargada {what}: no hay ningún dígito en ella. Carga una imagen de un dígito",
    "draw.too_large": "esa imagen tiene {mp:.1f} megapíxeles; el límite es {limit:.0f}. Una foto de un dígito "
                      "necesita mucho menos: recórtala o redúcela",
    "draw.file_too_large": "ese archivo pesa más de {mb} MB; carga una imagen más pequeña",
    "draw.not_image": "ese archivo no es una imagen: carga un PNG, un JPEG o una imagen parecida de un dígito",
    "draw.unreadable": "no se pudo leer esa imagen: carga un PNG, un JPEG o una imagen parecida",
    "draw.too_small_one": "esa imagen mide {w}×{h} píxel, demasiado poco para contener un dígito: la imagen de un "
                          "dígito necesita al menos {side}×{side} píxeles",
    "draw.too_small": "esa imagen mide {w}×{h} píxeles, demasiado poco para contener un dígito: la imagen de un "
                      "dígito necesita al menos {side}×{side} píxeles",
    "draw.damaged": "esa imagen está dañada o cortada y no se pudo descodificar",
    "draw.mostly_ink": "la imagen es casi toda tinta: borra el tablero y dibuja un dígito",
    "draw.dot": "eso es un punto, no un dígito: dibuja el dígito más grande",
    **_notes(_DEF_ES, {
        "input28": "28×28", "centre": "centro de masa", "probability": "probabilidades", "softmax": "softmax",
        "saliency": "mapa de saliencia", "gradient": "gradiente", "feature_map": "mapa de características",
        "draw.probs_note": "La {softmax} convierte las diez puntuaciones del modelo en {probability} que suman 100%.",
        "draw.seen_note": "Tu dibujo se recorta a su dígito, se escala para caber en 20×20 y se coloca en un "
                          "cuadrado de {input28} con su {centre} en el medio, como se hizo con los dígitos de MNIST. "
                          "Así, un dígito dibujado pequeño en una esquina sigue pareciéndose a los que vio el modelo "
                          "al entrenar.",
        "draw.saliency_note": "Un {saliency}: cuanto más brilla un píxel, más cambiaría la respuesta si añadieras o "
                              "quitaras tinta ahí. Es el {gradient} de la puntuación de la respuesta, promediado "
                              "sobre 16 copias de la imagen con un poco de ruido para que salga menos moteado.",
        "draw.maps_note": "Cada cuadradito es un {feature_map}: un filtro deslizado sobre la imagen, brillante donde "
                          "encontró su patrón (un borde, una curva, el final de un trazo). La primera convolución "
                          "encuentra trazos simples; la segunda los combina en partes más grandes.",
    }),
}
