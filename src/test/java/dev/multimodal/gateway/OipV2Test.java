package dev.multimodal.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Open Inference Protocol v2, with requests written by hand as a KServe or Triton client sends them. */
@QuarkusTest
class OipV2Test {

    /** "[CLS] hello world [SEP]" for all-MiniLM-L6-v2's vocabulary. */
    private static final String INFER = """
            {
              "id": "req-1",
              "inputs": [
                {"name": "input_ids", "shape": [1, 4], "datatype": "INT64", "data": [101, 7592, 2088, 102]},
                {"name": "attention_mask", "shape": [1, 4], "datatype": "INT64", "data": [1, 1, 1, 1]},
                {"name": "token_type_ids", "shape": [1, 4], "datatype": "INT64", "data": [0, 0, 0, 0]}
              ],
              "outputs": [{"name": "last_hidden_state"}]
            }
            """;

    @Test
    void healthAndMetadataFollowTheProtocol() {
        given().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
        given().get("/v2").then().statusCode(200).body("name", equalTo("multimodal-functions"));
        given().get("/v2/models/all-minilm-l6-v2-q")
                .then()
                .statusCode(200)
                .body("name", equalTo("all-minilm-l6-v2-q"))
                .body("versions", equalTo(List.of("1.0.0")))
                .body("platform", equalTo("onnxruntime_onnx"))
                .body("inputs.name", hasItem("input_ids"))
                .body("inputs.find { it.name == 'input_ids' }.datatype", equalTo("INT64"))
                .body("inputs.find { it.name == 'input_ids' }.shape", equalTo(List.of(-1, -1)))
                .body("outputs[0].datatype", equalTo("FP32"));
        given().get("/v2/models/all-minilm-l6-v2-q/ready")
                .then()
                .statusCode(200)
                .body("ready", equalTo(true));
        given().get("/v2/models/pp-ocrv4.recognition")
                .then()
                .statusCode(200)
                .body("inputs[0].shape", equalTo(List.of(-1, 3, 48, -1)));
        given().get("/v2/models/nope").then().statusCode(404).body("field", equalTo("name"));
    }

    @Test
    void aHandWrittenInferRequestGetsTheHiddenStates() {
        given().contentType(ContentType.JSON)
                .body(INFER)
                .post("/v2/models/all-minilm-l6-v2-q/infer")
                .then()
                .statusCode(200)
                .body("model_name", equalTo("all-minilm-l6-v2-q"))
                .body("model_version", equalTo("1.0.0"))
                .body("id", equalTo("req-1"))
                .body("outputs", hasSize(1))
                .body("outputs[0].name", equalTo("last_hidden_state"))
                .body("outputs[0].datatype", equalTo("FP32"))
                .body("outputs[0].shape", equalTo(List.of(1, 4, 384)))
                .body("outputs[0].data", hasSize(4 * 384));
    }

    @Test
    void badTensorsNameTheirField() {
        given().contentType(ContentType.JSON)
                .body(INFER.replaceFirst("\"INT64\"", "\"FP32\""))
                .post("/v2/models/all-minilm-l6-v2-q/infer")
                .then()
                .statusCode(400)
                .body("field", equalTo("inputs[0].datatype"));
        given().contentType(ContentType.JSON)
                .body(INFER.replace("[101, 7592, 2088, 102]", "[101, 7592, 102]"))
                .post("/v2/models/all-minilm-l6-v2-q/infer")
                .then()
                .statusCode(400)
                .body("field", equalTo("inputs[0].data"));
        given().contentType(ContentType.JSON)
                .body(INFER.replace("\"token_type_ids\"", "\"segment_ids\""))
                .post("/v2/models/all-minilm-l6-v2-q/infer")
                .then()
                .statusCode(400)
                .body("field", equalTo("inputs[2].name"));
        given().contentType(ContentType.JSON)
                .body("{\"inputs\": []}")
                .post("/v2/models/all-minilm-l6-v2-q/infer")
                .then()
                .statusCode(400)
                .body("field", equalTo("inputs"));
    }
}
