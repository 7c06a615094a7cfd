package dev.sparkjobs.jobtypes;

import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON read with the contract's types: {@code "priority": "5"} is not a number and {@code "type": 7} is
 * not a string. Jackson would quietly convert both; a client that sends the wrong type has a bug it
 * should hear about. Request bodies and job params are read this way.
 */
public final class StrictJson {

    private StrictJson() {}

    public static JsonMapper.Builder strictScalars(JsonMapper.Builder builder) {
        return builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(
                        LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
