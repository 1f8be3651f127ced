"""Tests of the Basics tab's gradio-free core (playground/basics): activations, backprop, the 2-D playground."""
