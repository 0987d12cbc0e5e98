package org.ecmomonitor.alerts.esper;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.common.client.configuration.common.ConfigurationCommonEventTypeBean;
import com.espertech.esper.common.client.module.Module;
import com.espertech.esper.common.client.util.AccessorStyle;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompiler;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.common.client.module.ParseException;
import com.espertech.esper.runtime.client.DeploymentOptions;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The rule pack in one Esper 9 runtime: the EPL modules of {@code src/main/resources/epl/} compiled and deployed in
 * order, the internal timer off (the engine clock is ours, advanced explicitly, on one thread), the evaluation
 * events registered as Java records with the public accessor style. Every RuleSignal goes to the given sink.
 */
public final class EsperRulePack implements AutoCloseable {
    /** The modules in deployment order: common first, then one per rule family. */
    public static final List<String> MODULES = List.of("common", "hemodynamics", "lactate", "circuit", "limb", "feeds",
            "renal", "bleeding", "labs", "coagulation", "perfusion", "oxygenator");
    static final List<Class<?>> EVENT_TYPES = List.of(MapEval.class, CircuitEval.class, NirsEval.class, DpcEval.class,
            SampleSeen.class, LactateResult.class, ConditionState.class, UrineEval.class, HemoglobinEval.class,
            TransfusionEval.class, PerfusionEval.class, FeedStale.class, DeviceClockEval.class,
            LabPlausibilityEval.class, CoagulationResult.class, OxygenationEval.class, SignalArtifactEval.class,
            SourceConflictEval.class, RuleSignal.class);

    private static List<EPCompiled> compiledModules;

    private final EPRuntime runtime;
    /** Esper only logs what a listener throws; we keep it and rethrow after the send, so nothing fails quietly. */
    private RuntimeException failure;
    private final Map<String, String> deploymentByModule = new LinkedHashMap<>();

    /**
     * @param variables threshold overrides by EPL variable name (from the unit's configuration)
     * @throws IllegalArgumentException for an unknown variable or a value of the wrong type
     */
    public EsperRulePack(Map<String, Double> variables, long startMillis, Consumer<RuleSignal> sink) {
        Configuration config = configuration();
        runtime = EPRuntimeProvider.getRuntime("ecmo-rules-" + UUID.randomUUID(), config);
        runtime.getEventService().clockExternal();
        runtime.getEventService().advanceTime(startMillis);
        try {
            List<EPCompiled> modules = compiled();
            for (int i = 0; i < MODULES.size(); i++) {
                EPDeployment d = runtime.getDeploymentService().deploy(modules.get(i), new DeploymentOptions());
                deploymentByModule.put(MODULES.get(i), d.getDeploymentId());
            }
        } catch (EPDeployException e) {
            runtime.destroy();
            throw new IllegalStateException("rule pack does not deploy: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            runtime.destroy();
            throw e;
        }
        setVariables(variables);
        EPStatement signals = runtime.getDeploymentService().getStatement(deploymentByModule.get("common"),
                "rule-signals");
        signals.addListener((newEvents, oldEvents, statement, rt) -> {
            if (newEvents == null) {
                return;
            }
            for (EventBean e : newEvents) {
                try {
                    sink.accept((RuleSignal) e.getUnderlying());
                } catch (RuntimeException failure) {
                    if (this.failure == null) {
                        this.failure = failure;
                    }
                }
            }
        });
    }

    /**
     * The modules compiled once per JVM (compiling costs seconds; deploying the compiled form to another runtime
     * costs milliseconds), each against the ones before it.
     */
    private static synchronized List<EPCompiled> compiled() {
        if (compiledModules == null) {
            Configuration config = configuration();
            EPCompiler compiler = EPCompilerProvider.getCompiler();
            List<EPCompiled> out = new ArrayList<>();
            try {
                for (String name : MODULES) {
                    CompilerArguments args = new CompilerArguments(config);
                    out.forEach(c -> args.getPath().add(c));
                    Module module = compiler.parseModule(read(name));
                    out.add(compiler.compile(module, args));
                }
            } catch (EPCompileException | ParseException | IOException e) {
                throw new IllegalStateException("rule pack does not compile: " + e.getMessage(), e);
            }
            compiledModules = List.copyOf(out);
        }
        return compiledModules;
    }

    static Configuration configuration() {
        Configuration config = new Configuration();
        config.getRuntime().getThreading().setInternalTimerEnabled(false);
        config.getRuntime().getExecution().setPrioritized(true);
        config.getCommon().addImport(Fmt.class);
        config.getCommon().addImport(Stage.class);
        config.getCommon().addImport(Num.class);
        for (Class<?> type : EVENT_TYPES) {
            ConfigurationCommonEventTypeBean bean = new ConfigurationCommonEventTypeBean();
            bean.setAccessorStyle(AccessorStyle.PUBLIC);
            config.getCommon().addEventType(type.getSimpleName(), type.getName(), bean);
        }
        return config;
    }

    private void setVariables(Map<String, Double> variables) {
        for (Map.Entry<String, Double> v : variables.entrySet()) {
            boolean set = false;
            for (String deployment : deploymentByModule.values()) {
                Object current;
                try {
                    current = runtime.getVariableService().getVariableValue(deployment, v.getKey());
                } catch (RuntimeException notHere) {
                    continue;
                }
                Object value = current instanceof Long ? (Object) Math.round(v.getValue()) : (Object) v.getValue();
                if (current instanceof Long && Math.round(v.getValue()) != v.getValue()) {
                    throw new IllegalArgumentException("rule variable " + v.getKey() + " takes whole numbers, got "
                            + v.getValue());
                }
                runtime.getVariableService().setVariableValue(deployment, v.getKey(), value);
                set = true;
                break;
            }
            if (!set) {
                throw new IllegalArgumentException("unknown rule variable " + v.getKey());
            }
        }
    }

    /** The current value of a rule variable (thresholds the Java side needs, e.g. the lactate index level). */
    public double variable(String module, String name) {
        Object v = runtime.getVariableService().getVariableValue(deploymentByModule.get(module), name);
        return ((Number) v).doubleValue();
    }

    public void send(Object event) {
        runtime.getEventService().sendEventBean(event, event.getClass().getSimpleName());
        rethrow();
    }

    private void rethrow() {
        RuntimeException f = failure;
        if (f != null) {
            failure = null;
            throw new IllegalStateException("alert processing failed: " + f, f);
        }
    }

    /** Sends an event from inside a listener: processed after the current event, on the same thread. */
    public void route(Object event) {
        runtime.getEventService().routeEventBean(event, event.getClass().getSimpleName());
    }

    /** Moves the engine clock forward, firing every timer due on the way at its own time. */
    public void advanceTo(long millis) {
        if (millis > runtime.getEventService().getCurrentTime()) {
            runtime.getEventService().advanceTimeSpan(millis);
            rethrow();
        }
    }

    public long currentTime() {
        return runtime.getEventService().getCurrentTime();
    }

    /** Names of the deployed statements, for tests and diagnostics. */
    public List<String> statementNames() {
        List<String> names = new ArrayList<>();
        for (String id : deploymentByModule.values()) {
            for (EPStatement s : runtime.getDeploymentService().getDeployment(id).getStatements()) {
                names.add(s.getName());
            }
        }
        return names;
    }

    @Override
    public void close() {
        runtime.destroy();
    }

    static String read(String module) throws IOException {
        try (InputStream in = EsperRulePack.class.getResourceAsStream("/epl/" + module + ".epl")) {
            if (in == null) {
                throw new IOException("EPL module " + module + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
