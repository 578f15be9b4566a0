# The recipe's two trained AppCDS archives (bench/upstream-recipe.ts), on top of the image that trained them.
ARG BASE
FROM ${BASE}
COPY storage.jsa kafka.jsa /opt/kafka/
