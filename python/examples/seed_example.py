# The seed's Paddle Inference example, run by oar: only the import line changed
# (was: from paddle.fluid.core import AnalysisConfig, create_paddle_predictor).
# Expects ./resnet50/model and ./resnet50/params, e.g. from
#   oar zoo resnet50 --out resnet50 && mv resnet50/__model__ resnet50/model && mv resnet50/__params__ resnet50/params
# oar warns that this build has no optimizing engine / GPU yet and runs the model on its native CPU executor.
import numpy as np
from oar.compat import AnalysisConfig, create_paddle_predictor   # was: from paddle.fluid.core import ...
config = AnalysisConfig("./resnet50/model", "./resnet50/params")
config.switch_use_feed_fetch_ops(False)
config.enable_memory_optim()
config.enable_use_gpu(1000, 0)
config.enable_tensorrt_engine(workspace_size=1 << 30, max_batch_size=1, min_subgraph_size=5,
                              precision_mode=AnalysisConfig.Precision.Float32, use_static=False, use_calib_mode=False)
predictor = create_paddle_predictor(config)
input_names = predictor.get_input_names()
input_tensor = predictor.get_input_tensor(input_names[0])
fake_input = np.random.randn(1, 3, 224, 224).astype("float32")
input_tensor.reshape([1, 3, 224, 224])
input_tensor.copy_from_cpu(fake_input)
predictor.zero_copy_run()
output_names = predictor.get_output_names()
output_tensor = predictor.get_output_tensor(output_names[0])
output_data = output_tensor.copy_to_cpu()
print(np.argmax(output_data))
