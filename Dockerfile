# The playground for people who host it themselves: docker build -t playground . && docker run -p 7860:7860 playground
FROM python:3.11-slim

# CPU wheels of torch by default (a tenth of the CUDA ones); build with
# --build-arg TORCH_INDEX=https://download.pytorch.org/whl/cu126 for a GPU image
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu

ENV PYTHONUNBUFFERED=1 \
    GRADIO_ANALYTICS_ENABLED=False \
    GRADIO_SERVER_NAME=0.0.0.0 \
    GRADIO_SERVER_PORT=7860 \
    PLAYGROUND_DATA_DIR=/home/app/data

RUN useradd --create-home --uid 1000 app
WORKDIR /home/app/playground
COPY --chown=app:app requirements.txt ./
RUN pip install --no-cache-dir --extra-index-url "$TORCH_INDEX" -r requirements.txt
COPY --chown=app:app app.py README.md ./
COPY --chown=app:app playground ./playground
COPY --chown=app:app assets ./assets

RUN mkdir -p /home/app/data && chown app:app /home/app/data
USER app
EXPOSE 7860
CMD ["python", "app.py"]
