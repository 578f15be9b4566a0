package org.apache.kafka.nativeimage.clients;

import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/**
 * Testcontainers' image name substitution (configured in testcontainers.properties): apache/kafka-native at the tag
 * Citrus is told to start becomes the image under test when a local build goes by another name, the way a registry
 * mirror or a renamed image is substituted. Citrus itself declares no substitute (its KafkaSettings only parses the
 * name), so without this only an image literally named apache/kafka-native could be tested.
 */
public final class ImageUnderTest extends ImageNameSubstitutor {
  @Override
  public DockerImageName apply(DockerImageName original) {
    DockerImageName declared = DockerImageName.parse("apache/kafka-native:" + System.getProperty("kafka.native.tag"));
    DockerImageName underTest = DockerImageName.parse(System.getProperty("kafka.native.image"));
    return original.equals(declared) ? underTest : original;
  }

  @Override
  protected String getDescription() {
    return "apache/kafka-native:" + System.getProperty("kafka.native.tag") + " -> " + System.getProperty("kafka.native.image");
  }
}
