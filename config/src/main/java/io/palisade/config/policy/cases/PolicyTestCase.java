package io.palisade.config.policy.cases;

import static java.util.Objects.requireNonNull;

import io.palisade.core.policy.Request;
import io.palisade.core.policy.model.SourceRef;

/**
 * One row of a test-cases file: a device, a request, and the decision expected.
 *
 * @param name what the case shows (as written, or the device and the request)
 * @param device the device that asks
 * @param request what it asks
 * @param expect the decision expected
 * @param source where the case is written
 */
public record PolicyTestCase(String name, TestDevice device, Request request, Expectation expect, SourceRef source) {

    public PolicyTestCase {
        requireNonNull(name, "name");
        requireNonNull(device, "device");
        requireNonNull(request, "request");
        requireNonNull(expect, "expect");
        requireNonNull(source, "source");
    }
}
