package example;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.authorizer.AuthorizationResult;

/**
 * A user's own authorizer, as test/docker/features.test.ts puts it on the broker's class path (a jar in a
 * mounted folder named by CLASSPATH): Kafka's StandardAuthorizer, except that every action on a topic whose
 * name starts with the broker config `deny.topic.prefix` is denied. A client sees the jar was loaded when
 * such a topic is refused and any other is not.
 */
public class DenyTopicPrefixAuthorizer extends StandardAuthorizer {
  public static final String PREFIX_CONFIG = "deny.topic.prefix";
  private volatile String prefix;

  @Override
  public void configure(Map<String, ?> configs) {
    super.configure(configs);
    Object value = configs.get(PREFIX_CONFIG);
    if (value == null || value.toString().isEmpty()) throw new IllegalArgumentException(PREFIX_CONFIG + " is not set");
    prefix = value.toString();
  }

  @Override
  public List<AuthorizationResult> authorize(AuthorizableRequestContext context, List<Action> actions) {
    List<AuthorizationResult> results = new ArrayList<>(super.authorize(context, actions));
    for (int i = 0; i < actions.size(); i++) {
      Action action = actions.get(i);
      if (action.resourcePattern().resourceType() == ResourceType.TOPIC && action.resourcePattern().name().startsWith(prefix)) {
        results.set(i, AuthorizationResult.DENIED);
      }
    }
    return results;
  }
}
