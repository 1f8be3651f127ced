"""The texts of Hub pipelines in the Diffusion tab, in English (EN) and Spanish (ES): see playground/i18n/__init__.py."""

EN: dict[str, str] = {
    # messages (server text)
    "hub_diffusion.bad_repo": "{repo!r} is not a Hugging Face repo id: write it as hf:organization/name",
    "hub_diffusion.missing": "there is no repo {repo} on the Hugging Face Hub (check the spelling; private repos "
                             "cannot be opened here)",
    "hub_diffusion.gated": "{repo} is gated on the Hugging Face Hub: its owners must grant access first, so it "
                           "cannot be opened here",
    "hub_diffusion.not_sd": "{repo} is not a Stable-Diffusion-family pipeline: it lacks {missing} (a pipeline here "
                            "needs a text encoder, a tokenizer, a UNet2DConditionModel, a VAE and a scheduler)",
    "hub_diffusion.not_cached": "{repo} has not been downloaded to this machine, and the Hugging Face Hub is not "
                                "being asked (offline mode); the shipped models still work",
    "hub_diffusion.unreachable": "the Hugging Face Hub can't be reached, so {repo} cannot be fetched; the shipped "
                                 "models still work",
    "hub_diffusion.too_big": "{repo} has {size} parameters, more than this server opens ({cap}); try "
                             "hf:stabilityai/sd-turbo or a smaller pipeline",
    "hub_diffusion.bad_steps": "steps must be 1–{most}, got {value}",
    "hub_diffusion.bad_scheduler": "unknown scheduler {name!r}; choose default (the pipeline's own) or one of: "
                                   "{names}",
    "hub_diffusion.bad_seed": "the seed must be a whole number from 0 to 2⁶³ − 1, got {value}",
    "hub_diffusion.bad_guidance": "guidance must be 0–{most:g}, got {value}",
    "hub_diffusion.bad_side": "height and width must be multiples of {step} from {step} to {most} pixels, got {value}",
    "hub_diffusion.not_numbers": "steps, seed, height and width must be whole numbers and guidance a number",
    "hub_diffusion.bad_model": "unknown model {name!r}: use toy (the shipped digit model) or hf:organization/name",
    # the Diffusion tab's model choice (component text) and its run's status (server text)
    "hub_diffusion.hub_title": "Stable Diffusion from the Hugging Face Hub: pick a model",
    "hub_diffusion.model_label": "Model",
    "hub_diffusion.model_info": "The toy digit model, or a Stable Diffusion pipeline from the Hugging Face Hub "
                                "(hf:organization/name; fetched on first use)",
    "hub_diffusion.model_toy": "toy (digits, shipped)",
    "hub_diffusion.side": "Image size (Hub pipelines)",
    "hub_diffusion.tokens_title": "The prompt as the CLIP tokenizer splits it ({n} tokens; · ends a word):",
    "hub_diffusion.cost": "One step of this pipeline takes {step:.2f} s here (timed): {steps} steps ≈ {total:.0f} s at "
                          "{side}×{side}.",
    "hub_diffusion.cost_slow": "One step of this pipeline takes {step:.2f} s here (timed): {steps} steps ≈ "
                               "{total:.0f} s at {side}×{side}. Try a smaller size, fewer steps or "
                               "hf:stabilityai/sd-turbo (1–4 steps).",
    "hub_diffusion.running": "Denoising with {repo}…",
    "hub_diffusion.loading": "Opening {repo}: checking it and reading its files…",
    "hub_diffusion.downloading": "Downloading {repo} (its first use here): {done} of {total} ({percent}%), "
                                 "{files_done} of {files} files, {speed}/s",
    "hub_diffusion.scheduler_default": "default (the pipeline's own)",
    "hub_diffusion.encoded": "the prompt encoded: {n} tokens, {width} numbers each",
    "hub_diffusion.decoded": "Done with {repo}: the VAE decoded the latent {h}×{w}×{c} into the image {H}×{W}×3 in "
                             "{seconds:.2f} s.",
    "hub_diffusion.stopped_at": "Stopped at step {step} with {repo}: the VAE decoded that step's latent {h}×{w}×{c} "
                                "into the image {H}×{W}×3 in {seconds:.2f} s (still noisy: the steps left would "
                                "have cleaned it).",
}

ES: dict[str, str] = {
    "hub_diffusion.bad_repo": "{repo!r} no es un identificador de repositorio de Hugging Face: escríbelo como "
                              "hf:organización/nombre",
    "hub_diffusion.missing": "no hay ningún repositorio {repo} en el Hugging Face Hub (revisa cómo se escribe; los "
                             "repositorios privados no se pueden abrir aquí)",
    "hub_diffusion.gated": "{repo} tiene acceso restringido en el Hugging Face Hub: sus dueños deben dar permiso "
                           "antes, así que no se puede abrir aquí",
    "hub_diffusion.not_sd": "{repo} no es un pipeline de la familia Stable Diffusion: le falta {missing} (aquí un "
                            "pipeline necesita un codificador de texto, un tokenizador, un UNet2DConditionModel, un "
                            "VAE y un scheduler)",
    "hub_diffusion.not_cached": "{repo} no se ha descargado en esta máquina y no se consulta el Hugging Face Hub "
                                "(modo sin conexión); los modelos incluidos siguen funcionando",
    "hub_diffusion.unreachable": "no se puede llegar al Hugging Face Hub, así que no se puede traer {repo}; los "
                                 "modelos incluidos siguen funcionando",
    "hub_diffusion.too_big": "{repo} tiene {size} parámetros, más de los que abre este servidor ({cap}); prueba "
                             "hf:stabilityai/sd-turbo o un pipeline más pequeño",
    "hub_diffusion.bad_steps": "los pasos deben ser 1–{most}; se recibió {value}",
    "hub_diffusion.bad_scheduler": "scheduler desconocido {name!r}; elige default (el del propio pipeline) o uno de: "
                                   "{names}",
    "hub_diffusion.bad_seed": "la semilla debe ser un número entero de 0 a 2⁶³ − 1; se recibió {value}",
    "hub_diffusion.bad_guidance": "la guía debe estar entre 0 y {most:g}; se recibió {value}",
    "hub_diffusion.bad_side": "el alto y el ancho deben ser múltiplos de {step} entre {step} y {most} píxeles; se "
                              "recibió {value}",
    "hub_diffusion.not_numbers": "los pasos, la semilla, el alto y el ancho deben ser números enteros, y la guía un "
                                 "número",
    "hub_diffusion.bad_model": "modelo desconocido {name!r}: usa toy (el modelo de dígitos incluido) u "
                               "hf:organización/nombre",
    "hub_diffusion.hub_title": "Stable Diffusion del Hub de Hugging Face: elige un modelo",
    "hub_diffusion.model_label": "Modelo",
    "hub_diffusion.model_info": "El modelo de dígitos de juguete, o un pipeline de Stable Diffusion del Hub de "
                                "Hugging Face (hf:organización/nombre; se descarga la primera vez)",
    "hub_diffusion.model_toy": "toy (dígitos, incluido)",
    "hub_diffusion.side": "Tamaño de la imagen (pipelines del Hub)",
    "hub_diffusion.tokens_title": "El prompt tal como lo divide el tokenizador CLIP ({n} tokens; · cierra una "
                                  "palabra):",
    "hub_diffusion.cost": "Un paso de este pipeline tarda {step:.2f} s aquí (medido): {steps} pasos ≈ {total:.0f} s "
                          "a {side}×{side}.",
    "hub_diffusion.cost_slow": "Un paso de este pipeline tarda {step:.2f} s aquí (medido): {steps} pasos ≈ "
                               "{total:.0f} s a {side}×{side}. Prueba un tamaño menor, menos pasos o "
                               "hf:stabilityai/sd-turbo (de 1 a 4 pasos).",
    "hub_diffusion.running": "Quitando el ruido con {repo}…",
    "hub_diffusion.loading": "Abriendo {repo}: comprobándolo y leyendo sus archivos…",
    "hub_diffusion.downloading": "Descargando {repo} (se usa aquí por primera vez): {done} de {total} ({percent} %), "
                                 "{files_done} de {files} archivos, {speed}/s",
    "hub_diffusion.scheduler_default": "default (el del propio pipeline)",
    "hub_diffusion.encoded": "el prompt codificado: {n} tokens, {width} números cada uno",
    "hub_diffusion.decoded": "Hecho con {repo}: el VAE decodificó el latente {h}×{w}×{c} en la imagen {H}×{W}×3 en "
                             "{seconds:.2f} s.",
    "hub_diffusion.stopped_at": "Detenido en el paso {step} con {repo}: el VAE decodificó el latente {h}×{w}×{c} de "
                                "ese paso en la imagen {H}×{W}×3 en {seconds:.2f} s (aún con ruido: los pasos que "
                                "faltaban lo habrían limpiado).",
}
