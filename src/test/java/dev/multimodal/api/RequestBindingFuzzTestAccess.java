package dev.multimodal.api;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The service's JSON mapper as {@link RequestBindingFuzzTest} builds it, for fuzz tests in other packages. */
public final class RequestBindingFuzzTestAccess {

    private RequestBindingFuzzTestAccess() {}

    public static ObjectMapper serviceMapper() {
        return RequestBindingFuzzTest.serviceMapper();
    }
}
