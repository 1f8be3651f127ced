"""The Basics tab's gradio-free core: one neuron, activation functions, backpropagation
by hand next to autograd, and a 2-D playground in the spirit of TensorFlow Playground.

- ``activations``: the activation catalogue, curves and derivatives (from autograd),
  a single neuron, softmax with temperature, vanishing gradients through depth.
- ``backprop``: a 2-2-1 network on one example, gradients by the chain rule in
  code and by autograd, the JSON contract of the ``backprop_step`` endpoint, a
  Next/Back walkthrough and the computational graph.
- ``playground2d``: toy 2-D datasets, input features, a small MLP trained on the
  project's engine, live snapshots (decision boundary, every neuron) and code export.

Every bad input raises ``BasicsError`` (a ``playground.errors.UserError``) with one
plain sentence.
"""
