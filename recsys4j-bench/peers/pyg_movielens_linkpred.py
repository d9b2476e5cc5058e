"""The peer of examples/graphsage-movielens-pyg.yaml: PyTorch Geometric's "Link Prediction on
MovieLens" recipe on ml-latest-small, trained full-batch, for a side-by-side comparison with
`recsys4j train --config examples/graphsage-movielens-pyg.yaml` (quality) and
`recsys4j bench graphsage-movielens` (seconds per epoch).

Setup: genres (multi-hot) plus learned embeddings for movies, learned embeddings for users; two
SAGEConv layers of 64 made heterogeneous with to_hetero; a dot-product scorer. RandomLinkSplit:
10% validation and 10% test links with 2 negatives each, 30% of the training links supervise only.
Each epoch: one step over all supervision links plus 2 fresh random negatives per link, Adam lr
0.001. The epoch with the best validation AUC is selected; its test AUC is reported.

Usage (the wheels are on this machine's local package index):
  python3 -m venv pyg && pyg/bin/pip install torch torch_geometric pandas
  pyg/bin/python recsys4j-bench/peers/pyg_movielens_linkpred.py --data ../shared/data/ml-latest-small \
      --epochs 300 --threads 1 --seed 2020
Prints one JSON line: test AUC at the best validation epoch, and the median seconds per training
epoch (the step alone, and the step plus the two evaluations).
"""

import argparse
import json
import statistics
import time

import pandas as pd
import torch
import torch.nn.functional as F
import torch_geometric
import torch_geometric.transforms as T
from torch_geometric.data import HeteroData
from torch_geometric.nn import SAGEConv, to_hetero
from torch_geometric.utils import negative_sampling


def auc(scores, labels):
    """ROC AUC by the rank statistic, tied scores sharing their average rank."""
    uniq, inverse, counts = torch.unique(scores.double(), return_inverse=True, return_counts=True)
    ends = torch.cumsum(counts, 0).double()
    ranks = ((ends - counts.double() + 1 + ends) / 2)[inverse]
    pos = (labels > 0.5).sum().item()
    neg = labels.numel() - pos
    return (ranks[labels > 0.5].sum().item() - pos * (pos + 1) / 2.0) / (pos * neg)


def load(data_dir):
    movies = pd.read_csv(f"{data_dir}/movies.csv", index_col="movieId")
    genres = movies["genres"].str.get_dummies("|")
    ratings = pd.read_csv(f"{data_dir}/ratings.csv.gz")
    users = pd.DataFrame({"userId": ratings["userId"].unique()})
    users["uid"] = pd.RangeIndex(len(users))
    movie_ids = pd.DataFrame({"movieId": movies.index, "mid": pd.RangeIndex(len(movies))})
    u = ratings[["userId"]].merge(users, on="userId", how="left")["uid"].values
    m = ratings[["movieId"]].merge(movie_ids, on="movieId", how="left")["mid"].values
    data = HeteroData()
    data["user"].node_id = torch.arange(len(users))
    data["movie"].node_id = torch.arange(len(movies))
    data["movie"].x = torch.tensor(genres.values, dtype=torch.float)
    data["user", "rates", "movie"].edge_index = torch.stack(
        [torch.from_numpy(u), torch.from_numpy(m)], dim=0
    )
    return T.ToUndirected()(data), genres.shape[1]


class GNN(torch.nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.conv1 = SAGEConv(hidden, hidden)
        self.conv2 = SAGEConv(hidden, hidden)

    def forward(self, x, edge_index):
        return self.conv2(F.relu(self.conv1(x, edge_index)), edge_index)


class Model(torch.nn.Module):
    def __init__(self, data, genres, hidden):
        super().__init__()
        self.movie_lin = torch.nn.Linear(genres, hidden)
        self.user_emb = torch.nn.Embedding(data["user"].num_nodes, hidden)
        self.movie_emb = torch.nn.Embedding(data["movie"].num_nodes, hidden)
        self.gnn = to_hetero(GNN(hidden), metadata=data.metadata())

    def forward(self, data, label_index):
        x = {
            "user": self.user_emb(data["user"].node_id),
            "movie": self.movie_lin(data["movie"].x) + self.movie_emb(data["movie"].node_id),
        }
        x = self.gnn(x, data.edge_index_dict)
        return (x["user"][label_index[0]] * x["movie"][label_index[1]]).sum(dim=-1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=2020)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    data, genres = load(a.data)
    split = T.RandomLinkSplit(
        num_val=0.1,
        num_test=0.1,
        disjoint_train_ratio=0.3,
        neg_sampling_ratio=2.0,
        add_negative_train_samples=False,
        edge_types=("user", "rates", "movie"),
        rev_edge_types=("movie", "rev_rates", "user"),
    )
    train, val, test = split(data)
    model = Model(data, genres, 64)
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    et = ("user", "rates", "movie")
    sup = train[et].edge_label_index
    n_users = data["user"].num_nodes
    n_movies = data["movie"].num_nodes
    best = (-1.0, 0, 0.0)
    step_secs, epoch_secs = [], []
    for epoch in range(1, a.epochs + 1):
        t0 = time.perf_counter()
        model.train()
        opt.zero_grad()
        neg = negative_sampling(
            train[et].edge_index, num_nodes=(n_users, n_movies), num_neg_samples=2 * sup.size(1)
        )
        index = torch.cat([sup, neg], dim=1)
        label = torch.cat([torch.ones(sup.size(1)), torch.zeros(neg.size(1))])
        loss = F.binary_cross_entropy_with_logits(model(train, index), label)
        loss.backward()
        opt.step()
        t1 = time.perf_counter()
        model.eval()
        with torch.no_grad():
            v = auc(model(val, val[et].edge_label_index), val[et].edge_label)
            t = auc(model(test, test[et].edge_label_index), test[et].edge_label)
        t2 = time.perf_counter()
        step_secs.append(t1 - t0)
        epoch_secs.append(t2 - t0)
        if v > best[0]:
            best = (v, epoch, t)
    print(
        json.dumps(
            {
                "peer": "pyg",
                "torch": torch.__version__,
                "torch_geometric": torch_geometric.__version__,
                "threads": a.threads,
                "seed": a.seed,
                "epochs": a.epochs,
                "best_valid_auc": best[0],
                "best_epoch": best[1],
                "test_auc": best[2],
                "seconds_per_step": statistics.median(step_secs[5:]),
                "seconds_per_epoch_with_eval": statistics.median(epoch_secs[5:]),
            }
        )
    )


if __name__ == "__main__":
    main()
