/**
 * The policy language as values: what {@code palisade-config} reads from policy files and
 * {@code devices.yaml}, and what the engine in {@code io.palisade.core.policy} compiles.
 * Plain immutable records; constructors validate everything that does not depend on a device
 * and throw {@link java.lang.IllegalArgumentException} with a message of the form
 * {@code "what: value (expected: ...)"}.
 *
 * <h2>Semantics in one place</h2>
 * <ul>
 *   <li>Default deny. Deny overrides allow; order is irrelevant ({@link io.palisade.core.policy.model.Action}).</li>
 *   <li>Selectors: fields AND, values within a field OR; an empty selector selects every device
 *       ({@link io.palisade.core.policy.model.Selector}).</li>
 *   <li>Requirements and quarantine ({@link io.palisade.core.policy.model.Requirements}).</li>
 *   <li>Audit mode ({@link io.palisade.core.policy.model.Mode}).</li>
 *   <li>Patterns and variables: whole segments only ({@link io.palisade.core.policy.model.Template}).</li>
 *   <li>MQTT publish/subscribe ({@link io.palisade.core.policy.model.MqttClause}), egress
 *       ({@link io.palisade.core.policy.model.EgressTarget}, {@link io.palisade.core.policy.model.Cidr}).</li>
 *   <li>Limits: the most restrictive of the enforced policies ({@link io.palisade.core.policy.model.Limits}).</li>
 *   <li>Names: {@code policy/rule}, unique ({@link io.palisade.core.policy.model.Rule}).</li>
 * </ul>
 */
package io.palisade.core.policy.model;
