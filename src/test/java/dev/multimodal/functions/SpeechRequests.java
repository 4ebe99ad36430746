package dev.multimodal.functions;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;

/**
 * Requests that run Sphinx4: seconds of CPU per second of speech, many more on a loaded build
 * machine, so they wait longer than the tests' default 30 s read timeout. No timing is asserted.
 */
final class SpeechRequests {

    private static final RestAssuredConfig PATIENT = RestAssuredConfig.config()
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.socket.timeout", 600_000)
                    .setParam("http.connection.timeout", 60_000));

    private SpeechRequests() {}

    static RestAssuredConfig patient() {
        return PATIENT;
    }

    static RequestSpecification given() {
        return RestAssured.given().config(PATIENT);
    }
}
